package app.lettrage.banksync;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/** MT940 statements for the import tests that interrupt a job between batches. */
final class Mt940Files {

    private Mt940Files() {}

    /**
     * Nine entries, each a transaction, booked on 2026-11-21: entries 2 and 6 are the same card payment without any
     * reference (two genuine payments told apart only by their occurrence in the file), the others credits with a
     * bank reference of their own. With two entries per batch (test profile) the batches end at entries 2, 4, 6, 8, 9.
     */
    static String nineEntries(String iban, String referencePrefix) {
        List<String> lines =
                new ArrayList<>(List.of(":20:STMT-RESUME", ":25:" + iban, ":28C:00042/001", ":60F:C261120EUR1000,00"));
        BigDecimal balance = new BigDecimal("1000.00");
        for (int entry = 1; entry <= 9; entry++) {
            if (entry == 2 || entry == 6) {
                lines.add(":61:2611211121D25,40NMSCNONREF");
                lines.add(":86:Abonnement telephone");
                balance = balance.subtract(new BigDecimal("25.40"));
            } else {
                BigDecimal amount = new BigDecimal(100 + entry + ".00");
                lines.add(":61:2611211121C" + amount.toPlainString().replace('.', ',') + "NTRFNONREF//"
                        + referencePrefix + "-" + entry);
                lines.add(":86:Client " + entry + " facture FV-2026-" + entry);
                balance = balance.add(amount);
            }
        }
        lines.add(":62F:C261121EUR" + balance.toPlainString().replace('.', ','));
        lines.add("-");
        return String.join("\r\n", lines) + "\r\n";
    }
}
