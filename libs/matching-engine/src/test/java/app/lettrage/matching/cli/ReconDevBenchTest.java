package app.lettrage.matching.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.matching.Allocation;
import app.lettrage.matching.Candidate;
import app.lettrage.matching.Decision;
import app.lettrage.matching.MatchStatus;
import app.lettrage.matching.MatchingSettings;
import app.lettrage.shareddata.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the CLI flow on the labelled recon-dev set of the shared bench (never copied into the repository, never tuned
 * on) and asserts issue 13's targets with the scorer's definitions, from the file the {@code match} command writes.
 * Without the bench beside the repository it skips, or fails in CI.
 */
class ReconDevBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void meetsTheQualityTargetsOnReconDev(@TempDir Path tmp) throws IOException {
        Path dir = SharedData.require("bench/recon-dev/expected.jsonl").getParent();
        Path out = tmp.resolve("matches.jsonl");
        Main.match(dir.resolve("invoices.jsonl"), dir.resolve("transactions.jsonl"), out, MatchingSettings.defaults());
        Map<String, Set<String>> truth = JsonLines.expected(dir.resolve("expected.jsonl"));

        Scores scores = new Scores();
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(truth.size());
        for (String line : lines) {
            JsonNode m = JSON.readTree(line);
            scores.add(decision(m), truth.get(m.get("transactionId").asText()));
        }
        System.out.println("recon-dev: " + scores);
        assertThat(scores.autoPrecision()).isGreaterThanOrEqualTo(0.998);
        assertThat(scores.noiseFalseAuto()).isLessThanOrEqualTo(0.001);
        assertThat(scores.autoRecall()).isGreaterThanOrEqualTo(0.93);
        assertThat(scores.assistedRecall()).isGreaterThanOrEqualTo(0.98);

        // the same run again writes the same bytes
        Path again = tmp.resolve("again.jsonl");
        Main.match(
                dir.resolve("invoices.jsonl"), dir.resolve("transactions.jsonl"), again, MatchingSettings.defaults());
        assertThat(Files.readAllBytes(again)).isEqualTo(Files.readAllBytes(out));
    }

    /** A decision as read back from the output line (status, allocations, candidates' allocations). */
    private static Decision decision(JsonNode m) {
        List<Candidate> cands = new ArrayList<>();
        for (JsonNode c : m.get("candidates")) {
            cands.add(new Candidate(allocations(c.get("allocations")), 0, List.of()));
        }
        return new Decision(
                m.get("transactionId").asText(),
                MatchStatus.valueOf(m.get("status").asText()),
                allocations(m.get("allocations")),
                m.get("confidence").asDouble(),
                List.of(),
                cands);
    }

    private static List<Allocation> allocations(JsonNode allocs) {
        List<Allocation> out = new ArrayList<>();
        for (JsonNode a : allocs) {
            out.add(new Allocation(
                    a.get("invoiceId").asText(), new BigDecimal(a.get("amount").asText())));
        }
        return out;
    }
}
