package app.lettrage.consent;

import app.lettrage.bankconnectors.Account;
import app.lettrage.identifiers.Iban;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The provider's accounts laid onto a consent's linked ones: an account with the IBAN of a linked one takes its place
 * (same linked id, new provider id), else one with the same provider id does, so a renewal never duplicates
 * accounts; new ones are added, the ones the provider no longer reports are gone.
 *
 * @param linked every linked account after the relink, by provider account id
 * @param added  the new ones, to insert
 * @param gone   the ones to delete
 */
public record AccountRelink(List<LinkedAccount> linked, List<LinkedAccount> added, List<LinkedAccount> gone) {

    public static AccountRelink of(UUID consentId, List<LinkedAccount> existing, List<Account> fresh) {
        Map<String, LinkedAccount> byIban = new HashMap<>();
        Map<String, LinkedAccount> byProviderId = new HashMap<>();
        existing.forEach(l -> {
            if (l.iban != null) {
                byIban.put(l.iban, l);
            }
            byProviderId.put(l.accountId, l);
        });
        List<LinkedAccount> kept = new ArrayList<>();
        List<LinkedAccount> added = new ArrayList<>();
        for (Account a : fresh) {
            String iban = a.iban() == null ? null : Iban.normalize(a.iban());
            LinkedAccount l =
                    iban != null && byIban.containsKey(iban) ? byIban.get(iban) : byProviderId.get(a.accountId());
            if (l == null) {
                added.add(LinkedAccount.of(consentId, a.accountId(), iban, a.currency(), a.name()));
            } else {
                l.update(a.accountId(), iban, a.currency(), a.name());
                kept.add(l);
            }
        }
        List<LinkedAccount> gone =
                existing.stream().filter(l -> !kept.contains(l)).toList();
        List<LinkedAccount> linked = new ArrayList<>(kept);
        linked.addAll(added);
        linked.sort(Comparator.comparing(l -> l.accountId));
        return new AccountRelink(List.copyOf(linked), List.copyOf(added), gone);
    }
}
