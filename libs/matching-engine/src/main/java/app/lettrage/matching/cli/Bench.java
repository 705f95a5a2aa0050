package app.lettrage.matching.cli;

public final class Bench {
    private Bench() {
    }

    static void run(java.util.Map<String, String> opts) {
        throw new UnsupportedOperationException("bench: not yet");
    }
}
