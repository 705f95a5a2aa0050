package app.lettrage.consent;

import static org.assertj.core.api.Assertions.assertThat;

import app.lettrage.bankconnectors.Account;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How a provider's accounts are laid onto the consent's linked ones, without a database. */
class AccountRelinkTest {

    private static final UUID CONSENT = UUID.randomUUID();
    private static final String BE = "BE68539007547034";
    private static final String NL = "NL91ABNA0417164300";

    @Test
    void aRenewalRelinksByIban_sameLinkedIds_newProviderIds_nothingAddedOrGone() {
        LinkedAccount be = LinkedAccount.of(CONSENT, "old-1", BE, "EUR", "Courant");
        LinkedAccount nl = LinkedAccount.of(CONSENT, "old-2", NL, "EUR", "Zakelijk");

        AccountRelink r = AccountRelink.of(
                CONSENT,
                List.of(be, nl),
                List.of(
                        new Account("new-2", "nl91 abna 0417 1643 00", "EUR", "Zakelijk"),
                        new Account("new-1", BE, "EUR", "Courant")));

        assertThat(r.added()).isEmpty();
        assertThat(r.gone()).isEmpty();
        assertThat(r.linked()).containsExactly(be, nl); // by provider id: new-1, new-2
        assertThat(be.accountId).isEqualTo("new-1");
        assertThat(nl.accountId).isEqualTo("new-2");
        assertThat(nl.iban).isEqualTo(NL);
    }

    @Test
    void anAccountWithoutIbanIsMatchedByProviderId_newOnesAdded_missingOnesGone() {
        LinkedAccount card = LinkedAccount.of(CONSENT, "card-1", null, "EUR", "Card");
        LinkedAccount closed = LinkedAccount.of(CONSENT, "acc-9", NL, "EUR", "Closed");

        AccountRelink r = AccountRelink.of(
                CONSENT,
                List.of(card, closed),
                List.of(new Account("card-1", null, "EUR", "Card (renamed)"), new Account("acc-1", BE, "EUR", null)));

        assertThat(r.gone()).containsExactly(closed);
        assertThat(r.added()).hasSize(1);
        LinkedAccount added = r.added().get(0);
        assertThat(added.consentId).isEqualTo(CONSENT);
        assertThat(added.id).isNotNull();
        assertThat(added.accountId).isEqualTo("acc-1");
        assertThat(added.iban).isEqualTo(BE);
        assertThat(card.name).isEqualTo("Card (renamed)");
        assertThat(r.linked()).containsExactly(added, card);
    }

    @Test
    void aFirstAuthorisationAddsEveryAccount() {
        AccountRelink r = AccountRelink.of(
                CONSENT, List.of(), List.of(new Account("b", NL, "EUR", null), new Account("a", BE, "EUR", null)));
        assertThat(r.gone()).isEmpty();
        assertThat(r.added()).hasSize(2);
        assertThat(r.linked()).extracting(l -> l.accountId).containsExactly("a", "b");
    }
}
