package app.lettrage.matching.cli;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.matching.MatchingSettings;
import app.lettrage.shareddata.SharedData;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the CLI flow on the labelled recon-dev set of the shared bench (never copied into the repository) and asserts
 * the quality targets with the scorer's definitions. Without the bench beside the repository it skips, or fails in CI.
 */
class ReconDevBenchTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void meetsTheQualityTargetsOnReconDev(@TempDir Path tmp) throws IOException {
        Path dir = SharedData.require("bench/recon-dev/expected.jsonl").getParent();
        Path out = tmp.resolve("matches.jsonl");
        Main.match(dir.resolve("invoices.jsonl"), dir.resolve("transactions.jsonl"), out, MatchingSettings.defaults());

        Map<String, Set<String>> truth = new HashMap<>();
        for (String line : Files.readAllLines(dir.resolve("expected.jsonl"))) {
            if (!line.isBlank()) {
                JsonNode n = JSON.readTree(line);
                truth.put(n.get("transactionId").asText(), ids(n.get("allocations")));
            }
        }
        int auto = 0;
        int rightAuto = 0;
        int rightSugg = 0;
        int noiseAuto = 0;
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(truth.size());
        for (String line : lines) {
            JsonNode m = JSON.readTree(line);
            Set<String> want = truth.get(m.get("transactionId").asText());
            String status = m.get("status").asText();
            if (status.equals("AUTO_MATCHED")) {
                auto++;
                if (want.isEmpty()) {
                    noiseAuto++;
                } else if (ids(m.get("allocations")).equals(want)) {
                    rightAuto++;
                }
            } else if (status.equals("SUGGESTED") && !want.isEmpty()) {
                JsonNode c = m.get("candidates");
                Set<String> first = c.size() > 0 ? ids(c.get(0).get("allocations")) : ids(m.get("allocations"));
                if (first.equals(want)) {
                    rightSugg++;
                }
            }
        }
        long matchable = truth.values().stream().filter(s -> !s.isEmpty()).count();
        long noise = truth.size() - matchable;
        double precision = auto == 0 ? 0 : (double) rightAuto / auto;
        double recall = (double) rightAuto / matchable;
        double assisted = (double) (rightAuto + rightSugg) / matchable;
        double noiseFalse = (double) noiseAuto / noise;
        System.out.printf(
                "recon-dev: auto_precision=%.4f auto_recall=%.4f assisted_recall=%.4f noise_false_auto=%.4f%n",
                precision, recall, assisted, noiseFalse);
        assertThat(precision).isGreaterThanOrEqualTo(0.995);
        assertThat(recall).isGreaterThanOrEqualTo(0.90);
        assertThat(assisted).isGreaterThanOrEqualTo(0.97);
        assertThat(noiseFalse).isLessThanOrEqualTo(0.002);
    }

    private static Set<String> ids(JsonNode allocs) {
        Set<String> s = new TreeSet<>();
        if (allocs != null) {
            for (JsonNode a : allocs) {
                s.add(a.get("invoiceId").asText());
            }
        }
        return s;
    }
}
