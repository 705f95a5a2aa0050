package app.lettrage.identifiers;

/** Printing in the groups a payer reads and retypes. */
final class Groups {
    private Groups() {}

    static String ofFour(String s) {
        StringBuilder b = new StringBuilder(s.length() + s.length() / 4);
        for (int i = 0; i < s.length(); i++) {
            if (i > 0 && i % 4 == 0) {
                b.append(' ');
            }
            b.append(s.charAt(i));
        }
        return b.toString();
    }
}
