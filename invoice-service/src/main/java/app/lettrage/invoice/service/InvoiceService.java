package app.lettrage.invoice.service;

import app.lettrage.events.Allocation;
import app.lettrage.events.InvoiceCancelled;
import app.lettrage.events.InvoiceChanged;
import app.lettrage.events.InvoiceDirection;
import app.lettrage.events.InvoiceIssued;
import app.lettrage.events.PaymentMatched;
import app.lettrage.events.PaymentUnmatched;
import app.lettrage.events.ReferenceType;
import app.lettrage.invoice.Invoice;
import app.lettrage.invoice.InvoiceKind;
import app.lettrage.invoice.InvoiceLine;
import app.lettrage.invoice.InvoicePayment;
import app.lettrage.invoice.InvoiceStatus;
import app.lettrage.invoice.TenantSettings;
import app.lettrage.invoice.repository.InvoiceFilter;
import app.lettrage.invoice.repository.InvoiceLineRepository;
import app.lettrage.invoice.repository.InvoicePaymentRepository;
import app.lettrage.invoice.repository.InvoiceRepository;
import app.lettrage.invoice.repository.TenantSettingsRepository;
import app.lettrage.platform.money.CreditorReference;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.outbox.Outbox;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.logging.Log;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.IsoFields;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;

@ApplicationScoped
public class InvoiceService {

    private static final String AGGREGATE = "Invoice";
    /**
     * List totals are counted up to this many rows; beyond, the total is a lower bound (totalExact false): counting
     * every match of a broad filter over a million invoices would cost more than the page itself.
     */
    public static final long COUNT_CAP = 1_000;

    private final InvoiceRepository invoices;
    private final InvoiceLineRepository lines;
    private final InvoicePaymentRepository payments;
    private final TenantSettingsRepository settingsRepository;
    private final Outbox outbox;
    private final MeterRegistry metrics;
    private final String numberPrefix;
    private final Clock clock = Clock.systemUTC();

    public InvoiceService(
            InvoiceRepository invoices,
            InvoiceLineRepository lines,
            InvoicePaymentRepository payments,
            TenantSettingsRepository settingsRepository,
            Outbox outbox,
            MeterRegistry metrics,
            @ConfigProperty(name = "lettrage.invoice.number-prefix") String numberPrefix) {
        this.invoices = invoices;
        this.lines = lines;
        this.payments = payments;
        this.settingsRepository = settingsRepository;
        this.outbox = outbox;
        this.metrics = metrics;
        this.numberPrefix = numberPrefix;
    }

    // ------------------------------------------------------------------ settings

    /** The tenant's settings, or the defaults when it has none. */
    public Uni<TenantSettings> settings(String tenantId) {
        return settingsRepository
                .findById(tenantId)
                .map(s -> s != null ? s : TenantSettings.defaults(tenantId, numberPrefix));
    }

    @WithTransaction
    public Uni<TenantSettings> readSettings(String tenantId) {
        return settings(tenantId);
    }

    /** Changes the given settings (null: unchanged). A new invoice prefix starts a new gapless series. */
    @WithTransaction
    public Uni<TenantSettings> updateSettings(
            String tenantId,
            ReferenceType referenceType,
            app.lettrage.invoice.Rounding rounding,
            String invoicePrefix,
            String creditNotePrefix,
            String timeZone) {
        return settingsRepository.findById(tenantId).flatMap(existing -> {
            TenantSettings s = existing != null ? existing : TenantSettings.defaults(tenantId, numberPrefix);
            if (referenceType != null) {
                s.referenceType = referenceType;
            }
            if (rounding != null) {
                s.rounding = rounding;
            }
            if (invoicePrefix != null) {
                s.invoicePrefix = invoicePrefix;
            }
            if (creditNotePrefix != null) {
                s.creditNotePrefix = creditNotePrefix;
            }
            if (timeZone != null) {
                s.timeZone = timeZone;
            }
            if (s.invoicePrefix.equals(s.creditNotePrefix)) {
                throw ProblemException.badRequest(
                        "creditNotePrefix", "must differ from invoicePrefix (each is its own series)");
            }
            s.updatedAt = Instant.now(clock);
            return (existing != null ? Uni.createFrom().item(s) : settingsRepository.persist(s))
                    .call(settingsRepository::flush);
        });
    }

    public LocalDate today(TenantSettings s) {
        return LocalDate.now(clock.withZone(s.zone()));
    }

    // ------------------------------------------------------------------ drafts

    /** A new draft; its totals come from its lines, its rounding from the tenant's settings. */
    @WithTransaction
    public Uni<InvoiceDetail> createDraft(String tenantId, Draft d) {
        return settings(tenantId).flatMap(s -> {
            Invoice inv = new Invoice();
            inv.id = UUID.randomUUID();
            inv.tenantId = tenantId;
            inv.direction = d.direction();
            inv.kind = InvoiceKind.INVOICE;
            inv.status = InvoiceStatus.DRAFT;
            inv.rounding = s.rounding;
            inv.createdAt = Instant.now(clock);
            List<InvoiceLine> ls = fill(inv, d);
            return checkSupplierNumber(inv)
                    .flatMap(x -> invoices.persist(inv))
                    .flatMap(x -> persistLines(ls))
                    .call(invoices::flush)
                    .map(x -> new InvoiceDetail(inv, ls, today(s)));
        });
    }

    /** Replaces a draft's whole content (PUT); only a draft, only at the version the client read. */
    @WithTransaction
    public Uni<InvoiceDetail> replaceDraft(String tenantId, UUID id, long expectedVersion, Draft d) {
        return lockAt(tenantId, id, expectedVersion).onItem().ifNotNull().transformToUni(inv -> {
            if (inv.status != InvoiceStatus.DRAFT) {
                return Uni.createFrom().failure(frozen(inv));
            }
            if (d.direction() != inv.direction) {
                return Uni.createFrom()
                        .failure(ProblemException.badRequest(
                                "direction",
                                "a draft keeps its direction (" + inv.direction + "); create another invoice instead"));
            }
            List<InvoiceLine> ls = fill(inv, d);
            return checkSupplierNumber(inv)
                    .flatMap(x -> lines.deleteForInvoice(inv.id))
                    .flatMap(x -> persistLines(ls))
                    .call(invoices::flush)
                    .flatMap(x -> settings(tenantId))
                    .map(s -> new InvoiceDetail(inv, ls, today(s)));
        });
    }

    /**
     * A partial update (PATCH). A draft may change anything (lines are replaced as a whole when given); an issued,
     * unpaid or partly paid invoice only its due date and the counterparty's IBAN, which publishes InvoiceChanged.
     */
    @WithTransaction
    public Uni<InvoiceDetail> patch(
            String tenantId, UUID id, long expectedVersion, Draft patch, java.util.Set<String> present) {
        return lockAt(tenantId, id, expectedVersion)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> lines.forInvoice(inv.id)
                        .flatMap(current -> settings(tenantId).flatMap(s -> {
                            if (inv.status == InvoiceStatus.DRAFT) {
                                Draft merged = merge(inv, current, patch, present);
                                List<InvoiceLine> ls = fill(inv, merged);
                                boolean newLines = present.contains("lines")
                                        || present.contains("totalAmount")
                                        || present.contains("currency");
                                Uni<?> write = newLines
                                        ? lines.deleteForInvoice(inv.id).flatMap(x -> persistLines(ls))
                                        : Uni.createFrom().voidItem();
                                List<InvoiceLine> shown = newLines ? ls : current;
                                return checkSupplierNumber(inv)
                                        .flatMap(x -> write)
                                        .call(invoices::flush)
                                        .map(x -> new InvoiceDetail(inv, shown, today(s)));
                            }
                            if (inv.kind != InvoiceKind.INVOICE
                                    || !(inv.status == InvoiceStatus.ISSUED
                                            || inv.status == InvoiceStatus.PARTIALLY_PAID)) {
                                return Uni.createFrom().<InvoiceDetail>failure(frozen(inv));
                            }
                            List<String> notAllowed = present.stream()
                                    .filter(f -> !f.equals("dueDate") && !f.equals("counterpartyIban"))
                                    .sorted()
                                    .toList();
                            if (!notAllowed.isEmpty()) {
                                return Uni.createFrom()
                                        .<InvoiceDetail>failure(new ProblemException(
                                                409,
                                                "invoice-frozen",
                                                "Conflict",
                                                "invoice " + inv.number
                                                        + " is issued: only dueDate and counterpartyIban may change",
                                                notAllowed.stream()
                                                        .map(f -> new Problem.FieldError(
                                                                f, "may not change once the invoice is issued"))
                                                        .toList()));
                            }
                            List<String> changes = new ArrayList<>();
                            if (present.contains("dueDate") && !patch.dueDate().equals(inv.dueDate)) {
                                if (patch.dueDate().isBefore(inv.issueDate)) {
                                    return Uni.createFrom()
                                            .<InvoiceDetail>failure(ProblemException.badRequest(
                                                    "dueDate", "must not be before the issue date " + inv.issueDate));
                                }
                                inv.dueDate = patch.dueDate();
                                changes.add("DUE_DATE");
                            }
                            if (present.contains("counterpartyIban")
                                    && !java.util.Objects.equals(patch.counterpartyIban(), inv.counterpartyIban)) {
                                inv.counterpartyIban = patch.counterpartyIban();
                                changes.add("COUNTERPARTY_IBAN");
                            }
                            if (changes.isEmpty()) {
                                return Uni.createFrom().item(new InvoiceDetail(inv, current, today(s)));
                            }
                            inv.updatedAt = Instant.now(clock);
                            return outbox.append(AGGREGATE, changed(inv, String.join(",", changes)))
                                    .call(invoices::flush)
                                    .map(x -> new InvoiceDetail(inv, current, today(s)));
                        })));
    }

    private static Draft merge(Invoice inv, List<InvoiceLine> current, Draft p, java.util.Set<String> present) {
        List<Draft.DraftLine> currentLines = current.stream()
                .map(l -> new Draft.DraftLine(l.description, l.quantity, l.unitPrice, l.vatRate, l.discount))
                .toList();
        boolean linesGiven = present.contains("lines");
        boolean totalGiven = present.contains("totalAmount");
        return new Draft(
                inv.direction,
                present.contains("supplierNumber") ? p.supplierNumber() : inv.number,
                present.contains("counterpartyName") ? p.counterpartyName() : inv.counterpartyName,
                present.contains("counterpartyAddress") ? p.counterpartyAddress() : inv.counterpartyAddress,
                present.contains("counterpartyVatNumber") ? p.counterpartyVatNumber() : inv.counterpartyVatNumber,
                present.contains("counterpartyIban") ? p.counterpartyIban() : inv.counterpartyIban,
                present.contains("currency") ? p.currency() : inv.currency,
                linesGiven ? p.lines() : (totalGiven ? List.of() : currentLines),
                totalGiven ? p.totalAmount() : (linesGiven || !currentLines.isEmpty() ? null : inv.totalAmount),
                present.contains("issueDate") ? p.issueDate() : inv.issueDate,
                present.contains("dueDate") ? p.dueDate() : inv.dueDate,
                present.contains("paymentTerms") ? p.paymentTerms() : inv.paymentTerms,
                present.contains("notes") ? p.notes() : inv.notes);
    }

    /** Copies the draft's content onto the invoice and computes its totals; returns the lines to store. */
    private List<InvoiceLine> fill(Invoice inv, Draft d) {
        inv.counterpartyName = d.counterpartyName().trim();
        inv.counterpartyAddress = d.counterpartyAddress();
        inv.counterpartyVatNumber = d.counterpartyVatNumber();
        inv.counterpartyIban = d.counterpartyIban();
        inv.currency = d.currency();
        inv.dueDate = d.dueDate();
        inv.paymentTerms = d.paymentTerms();
        inv.notes = d.notes();
        if (inv.direction == InvoiceDirection.PURCHASE) {
            if (d.supplierNumber() == null || d.supplierNumber().isBlank()) {
                throw ProblemException.badRequest(
                        "supplierNumber", "a purchase invoice keeps the supplier's number: required");
            }
            inv.number = d.supplierNumber().trim();
            inv.supplierKey = supplierKey(d.counterpartyVatNumber(), d.counterpartyName());
            inv.issueDate = d.issueDate();
        }
        List<InvoiceLine> result = new ArrayList<>();
        if (d.lines() == null || d.lines().isEmpty()) {
            if (d.totalAmount() == null) {
                throw ProblemException.badRequest("lines", "an invoice needs lines (or, without lines, a totalAmount)");
            }
            // a draft without lines carries its total as given: no VAT breakdown
            inv.totalAmount = Money.of(d.totalAmount(), d.currency());
            inv.netAmount = inv.totalAmount;
            inv.vatAmount = Money.zero(d.currency());
        } else {
            Totals.Result t = Totals.compute(
                    d.lines().stream()
                            .map(l -> new Totals.Line(l.quantity(), l.unitPrice(), l.vatRate(), l.discount()))
                            .toList(),
                    inv.rounding,
                    d.currency());
            if (d.totalAmount() != null
                    && Money.of(d.totalAmount(), d.currency()).compareTo(t.gross()) != 0) {
                throw ProblemException.badRequest(
                        "totalAmount",
                        "does not match the lines' gross total " + t.gross().toPlainString()
                                + " (leave it out to have it computed)");
            }
            for (int i = 0; i < d.lines().size(); i++) {
                Draft.DraftLine dl = d.lines().get(i);
                InvoiceLine l = new InvoiceLine();
                l.id = UUID.randomUUID();
                l.invoiceId = inv.id;
                l.position = i + 1;
                l.description = dl.description().trim();
                l.quantity = dl.quantity();
                l.unitPrice = dl.unitPrice();
                l.vatRate = dl.vatRate();
                l.discount = dl.discount() == null ? BigDecimal.ZERO : dl.discount();
                l.netAmount = t.lines().get(i).net();
                l.vatAmount = t.lines().get(i).vat();
                result.add(l);
            }
            inv.netAmount = t.net();
            inv.vatAmount = t.vatTotal();
            inv.totalAmount = t.gross();
        }
        if (inv.totalAmount.signum() <= 0) {
            throw ProblemException.badRequest(
                    d.lines() == null || d.lines().isEmpty() ? "totalAmount" : "lines",
                    "the invoice's total must be positive (a credit goes through a credit note)");
        }
        if (inv.issueDate != null && inv.dueDate.isBefore(inv.issueDate)) {
            throw ProblemException.badRequest("dueDate", "must not be before the issue date " + inv.issueDate);
        }
        inv.amountDue = inv.totalAmount;
        inv.creditAmount = Money.zero(inv.currency);
        inv.writtenOffAmount = Money.zero(inv.currency);
        inv.updatedAt = Instant.now(clock);
        return result;
    }

    /** A supplier is its VAT number when known, else its name: the same supplier never reuses a number. */
    static String supplierKey(String vatNumber, String name) {
        if (vatNumber != null && !vatNumber.isBlank()) {
            return "vat:" + vatNumber.replaceAll("[\\s.\\-]", "").toUpperCase();
        }
        return "name:" + name.trim().toLowerCase().replaceAll("\\s+", " ");
    }

    private Uni<Void> checkSupplierNumber(Invoice inv) {
        if (inv.direction != InvoiceDirection.PURCHASE) {
            return Uni.createFrom().voidItem();
        }
        return invoices.supplierNumberTaken(inv.tenantId, inv.supplierKey, inv.kind, inv.number, inv.id)
                .map(taken -> {
                    if (taken) {
                        throw new ProblemException(
                                409,
                                "duplicate-supplier-number",
                                "Conflict",
                                "this supplier's document " + inv.number + " is already recorded",
                                List.of(new Problem.FieldError(
                                        "supplierNumber", "already recorded for this supplier")));
                    }
                    return null;
                });
    }

    private Uni<Void> persistLines(List<InvoiceLine> ls) {
        return ls.isEmpty() ? Uni.createFrom().voidItem() : lines.persist(ls);
    }

    /** The invoice locked for update, after checking the client's version (412 when it is not the current one). */
    private Uni<Invoice> lockAt(String tenantId, UUID id, Long expectedVersion) {
        return invoices.lockForTenant(tenantId, id).onItem().ifNotNull().invoke(inv -> {
            if (expectedVersion != null && inv.version != expectedVersion) {
                throw new ProblemException(
                        412,
                        "precondition-failed",
                        "Precondition failed",
                        "If-Match names version " + expectedVersion + " but the invoice is at version " + inv.version
                                + ": read it again");
            }
        });
    }

    private static ProblemException frozen(Invoice inv) {
        return ProblemException.conflict(
                "invoice-frozen",
                (inv.kind == InvoiceKind.CREDIT_NOTE ? "credit note " : "invoice ")
                        + (inv.number != null ? inv.number : inv.id) + " is " + inv.status
                        + ": it can no longer be edited");
    }

    // ------------------------------------------------------------------ issuing and cancelling

    /**
     * Issues a draft: numbers it (sales: the tenant's gapless series; purchase: the supplier's number), gives a
     * sales invoice its payment reference (RF or Belgian, per tenant), and publishes InvoiceIssued in the same
     * transaction. {@code expectedVersion} is checked when given.
     */
    @WithTransaction
    public Uni<InvoiceDetail> issue(String tenantId, UUID id, Long expectedVersion) {
        return lockAt(tenantId, id, expectedVersion)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> settings(tenantId).flatMap(s -> {
                    if (inv.status != InvoiceStatus.DRAFT) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "not-a-draft",
                                        "invoice " + id + " is " + inv.status + "; only a draft can be issued"));
                    }
                    LocalDate today = today(s);
                    if (inv.direction == InvoiceDirection.SALES && inv.dueDate.isBefore(today)) {
                        return Uni.createFrom()
                                .failure(new ProblemException(
                                        422,
                                        "due-before-issue",
                                        "Unprocessable request",
                                        "the due date " + inv.dueDate + " is before today's issue date " + today,
                                        List.of(new Problem.FieldError(
                                                "dueDate", "must not be before the issue date " + today))));
                    }
                    Uni<Long> sequence = inv.direction == InvoiceDirection.PURCHASE
                            ? Uni.createFrom().item(0L)
                            : invoices.nextNumber(tenantId, s.invoicePrefix + "-" + today.getYear());
                    return sequence.flatMap(n -> {
                        if (inv.direction == InvoiceDirection.SALES) {
                            inv.number = String.format("%s-%d-%05d", s.invoicePrefix, today.getYear(), n);
                            inv.issueDate = today;
                            inv.paymentReferenceType = s.referenceType == ReferenceType.BE_STRUCTURED
                                    ? ReferenceType.BE_STRUCTURED
                                    : ReferenceType.ISO11649;
                            inv.paymentReference = reference(inv.paymentReferenceType, inv.number, today.getYear(), n);
                        } else if (inv.issueDate == null) {
                            inv.issueDate = today;
                        }
                        inv.status = InvoiceStatus.ISSUED;
                        inv.updatedAt = Instant.now(clock);
                        return outbox.append(
                                        AGGREGATE,
                                        new InvoiceIssued(
                                                inv.id.toString(),
                                                tenantId,
                                                inv.direction,
                                                inv.number,
                                                inv.paymentReference,
                                                inv.paymentReferenceType,
                                                inv.counterpartyName,
                                                inv.counterpartyIban,
                                                inv.counterpartyVatNumber,
                                                inv.currency,
                                                inv.totalAmount,
                                                inv.amountDue,
                                                inv.issueDate,
                                                inv.dueDate,
                                                inv.updatedAt))
                                .invoke(() -> metrics.counter(
                                                "lettrage.invoices.issued", "direction", inv.direction.name())
                                        .increment())
                                .call(invoices::flush)
                                .flatMap(x -> lines.forInvoice(inv.id))
                                .map(ls -> new InvoiceDetail(inv, ls, today));
                    });
                }));
    }

    /**
     * The payment reference of a sales invoice: ISO 11649 RF on the number's letters and digits, or the Belgian
     * structured communication on yy × 10^8 + the sequence (10 digits, then mod 97).
     */
    static String reference(ReferenceType type, String number, int year, long sequence) {
        if (type == ReferenceType.BE_STRUCTURED) {
            if (sequence >= 100_000_000L) {
                throw new IllegalStateException(
                        "sequence " + sequence + " does not fit a Belgian structured communication");
            }
            return CreditorReference.belgian((year % 100) * 100_000_000L + sequence);
        }
        return CreditorReference.rf(number.replaceAll("[^A-Za-z0-9]", ""));
    }

    /**
     * Cancels an issued, unpaid invoice by a credit note for its whole amount, numbered in the tenant's credit note
     * series (sales) or carrying the supplier's credit note number (purchase), and publishes InvoiceCancelled. An
     * invoice with payments applied is refused (409): unmatch them first, so no cash is left on a cancelled invoice.
     */
    @WithTransaction
    public Uni<InvoiceDetail> cancel(String tenantId, UUID id, String reason, String supplierCreditNoteNumber) {
        return invoices.lockForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> settings(tenantId).flatMap(s -> {
                    if (inv.kind == InvoiceKind.CREDIT_NOTE) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict("credit-note", "a credit note cannot be cancelled"));
                    }
                    if (inv.status == InvoiceStatus.CANCELLED) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "already-cancelled",
                                        "invoice " + inv.number + " is already cancelled by credit note "
                                                + inv.cancelledBy));
                    }
                    if (inv.status == InvoiceStatus.DRAFT) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "not-issued", "a draft has no number and needs no credit note"));
                    }
                    if (inv.status != InvoiceStatus.ISSUED
                            || inv.amountDue.compareTo(inv.totalAmount) != 0
                            || inv.creditAmount.signum() != 0) {
                        return Uni.createFrom()
                                .failure(ProblemException.conflict(
                                        "invoice-has-payments",
                                        "invoice " + inv.number + " is " + inv.status
                                                + " with payments applied: unmatch them before cancelling it"));
                    }
                    if (inv.direction == InvoiceDirection.PURCHASE
                            && (supplierCreditNoteNumber == null || supplierCreditNoteNumber.isBlank())) {
                        return Uni.createFrom()
                                .failure(
                                        ProblemException.badRequest(
                                                "creditNoteNumber",
                                                "a purchase invoice is cancelled by the supplier's credit note: its number is required"));
                    }
                    LocalDate today = today(s);
                    Invoice cn = new Invoice();
                    cn.id = UUID.randomUUID();
                    cn.tenantId = tenantId;
                    cn.direction = inv.direction;
                    cn.kind = InvoiceKind.CREDIT_NOTE;
                    cn.status = InvoiceStatus.ISSUED;
                    cn.supplierKey = inv.supplierKey;
                    cn.counterpartyName = inv.counterpartyName;
                    cn.counterpartyAddress = inv.counterpartyAddress;
                    cn.counterpartyVatNumber = inv.counterpartyVatNumber;
                    cn.counterpartyIban = inv.counterpartyIban;
                    cn.currency = inv.currency;
                    cn.rounding = inv.rounding;
                    cn.netAmount = inv.netAmount;
                    cn.vatAmount = inv.vatAmount;
                    cn.totalAmount = inv.totalAmount;
                    cn.amountDue = Money.zero(inv.currency); // nothing to collect: it settles the invoice it cancels
                    cn.creditAmount = Money.zero(inv.currency);
                    cn.writtenOffAmount = Money.zero(inv.currency);
                    cn.issueDate = today;
                    cn.dueDate = today;
                    cn.notes = reason;
                    cn.creditNoteFor = inv.id;
                    cn.createdAt = Instant.now(clock);
                    cn.updatedAt = cn.createdAt;
                    Uni<Void> numbered;
                    if (inv.direction == InvoiceDirection.SALES) {
                        numbered = invoices.nextNumber(tenantId, s.creditNotePrefix + "-" + today.getYear())
                                .map(n -> {
                                    cn.number = String.format("%s-%d-%05d", s.creditNotePrefix, today.getYear(), n);
                                    return null;
                                });
                    } else {
                        cn.number = supplierCreditNoteNumber.trim();
                        numbered = checkSupplierNumber(cn);
                    }
                    return numbered.flatMap(x -> invoices.persist(cn))
                            .flatMap(x -> lines.forInvoice(inv.id))
                            .flatMap(originalLines -> {
                                List<InvoiceLine> copies = originalLines.stream()
                                        .map(l -> {
                                            InvoiceLine c = new InvoiceLine();
                                            c.id = UUID.randomUUID();
                                            c.invoiceId = cn.id;
                                            c.position = l.position;
                                            c.description = l.description;
                                            c.quantity = l.quantity;
                                            c.unitPrice = l.unitPrice;
                                            c.vatRate = l.vatRate;
                                            c.discount = l.discount;
                                            c.netAmount = l.netAmount;
                                            c.vatAmount = l.vatAmount;
                                            return c;
                                        })
                                        .toList();
                                inv.status = InvoiceStatus.CANCELLED;
                                inv.cancelledBy = cn.id;
                                inv.cancelReason = reason;
                                inv.amountDue = Money.zero(inv.currency);
                                inv.updatedAt = cn.createdAt;
                                return persistLines(copies)
                                        .flatMap(y -> outbox.append(
                                                AGGREGATE,
                                                new InvoiceCancelled(
                                                        inv.id.toString(),
                                                        tenantId,
                                                        inv.number,
                                                        cn.id.toString(),
                                                        cn.number,
                                                        reason,
                                                        cn.createdAt)))
                                        .invoke(() -> metrics.counter(
                                                        "lettrage.invoices.cancelled",
                                                        "direction",
                                                        inv.direction.name())
                                                .increment())
                                        .call(invoices::flush)
                                        .map(y -> new InvoiceDetail(cn, copies, today));
                            });
                }));
    }

    // ------------------------------------------------------------------ reading

    @WithTransaction
    public Uni<InvoiceDetail> get(String tenantId, UUID id) {
        return invoices.findForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> lines.forInvoice(id)
                        .flatMap(ls -> settings(tenantId).map(s -> new InvoiceDetail(inv, ls, today(s)))));
    }

    @WithTransaction
    public Uni<InvoicePage> list(String tenantId, InvoiceFilter filter, int page, int size) {
        return settings(tenantId).flatMap(s -> {
            LocalDate today = today(s);
            return invoices.list(tenantId, filter, today, page, size).flatMap(items -> {
                if (page == 0 && items.size() < size) {
                    return Uni.createFrom().item(new InvoicePage(items, items.size(), true, today));
                }
                return invoices.count(tenantId, filter, today, COUNT_CAP + 1)
                        .map(n -> new InvoicePage(items, Math.min(n, COUNT_CAP), n <= COUNT_CAP, today));
            });
        });
    }

    /** The invoice's payments, or null when the invoice is not the tenant's. */
    @WithTransaction
    public Uni<List<InvoicePayment>> payments(String tenantId, UUID id) {
        return invoices.findForTenant(tenantId, id)
                .onItem()
                .ifNotNull()
                .transformToUni(inv -> payments.forInvoice(tenantId, id));
    }

    /**
     * Amounts due by age bucket, and cash expected per ISO week for {@code weeks} weeks from this week's Monday, from
     * the due dates from today on (what is already overdue is in the age buckets, not in a week).
     */
    @WithTransaction
    public Uni<CashView> cashView(String tenantId, int weeks) {
        return settings(tenantId).flatMap(s -> {
            LocalDate today = today(s);
            LocalDate monday = today.with(DayOfWeek.MONDAY);
            return invoices.aging(tenantId, today)
                    .flatMap(agingRows -> invoices.dueByWeek(tenantId, today, monday.plusWeeks(weeks))
                            .map(weekRows -> {
                                List<CashView.Aging> aging = agingRows.stream()
                                        .map(r -> {
                                            String currency = r[1].toString().trim();
                                            BigDecimal[] b = new BigDecimal[5];
                                            BigDecimal total = Money.zero(currency);
                                            for (int i = 0; i < 5; i++) {
                                                b[i] = Money.of((BigDecimal) r[2 + i], currency);
                                                total = total.add(b[i]);
                                            }
                                            return new CashView.Aging(
                                                    InvoiceDirection.valueOf(r[0].toString()),
                                                    currency,
                                                    b[0],
                                                    b[1],
                                                    b[2],
                                                    b[3],
                                                    b[4],
                                                    total);
                                        })
                                        .toList();
                                // every week of the horizon, per currency seen, so a chart has no holes
                                Map<String, Map<LocalDate, BigDecimal[]>> byCurrency = new TreeMap<>();
                                for (Object[] r : weekRows) {
                                    String currency = r[2].toString().trim();
                                    Map<LocalDate, BigDecimal[]> perWeek = byCurrency.computeIfAbsent(currency, c -> {
                                        Map<LocalDate, BigDecimal[]> m = new TreeMap<>();
                                        for (int w = 0; w < weeks; w++) {
                                            m.put(monday.plusWeeks(w), new BigDecimal[] {Money.zero(c), Money.zero(c)});
                                        }
                                        return m;
                                    });
                                    LocalDate week = r[0] instanceof LocalDate d ? d : LocalDate.parse(r[0].toString());
                                    BigDecimal[] io = perWeek.get(week);
                                    int slot =
                                            InvoiceDirection.valueOf(r[1].toString()) == InvoiceDirection.SALES ? 0 : 1;
                                    io[slot] = io[slot].add(Money.of((BigDecimal) r[3], currency));
                                }
                                List<CashView.Week> out = new ArrayList<>();
                                byCurrency.forEach((currency, perWeek) ->
                                        perWeek.forEach((week, io) -> out.add(new CashView.Week(
                                                String.format(
                                                        "%d-W%02d",
                                                        week.get(IsoFields.WEEK_BASED_YEAR),
                                                        week.get(IsoFields.WEEK_OF_WEEK_BASED_YEAR)),
                                                week,
                                                currency,
                                                io[0],
                                                io[1]))));
                                out.sort(java.util.Comparator.comparing(CashView.Week::weekStart)
                                        .thenComparing(CashView.Week::currency));
                                return new CashView(today, s.timeZone, aging, out);
                            }));
        });
    }

    // ------------------------------------------------------------------ payments from reconciliation

    /**
     * Applies a batch of PaymentMatched and PaymentUnmatched, in order, in the caller's transaction (which also holds
     * their inbox records), with a fixed number of statements whatever the batch's size: the invoices named by the
     * batch are read and row-locked in one query per tenant, in id order (so concurrent batches cannot deadlock on
     * each other), their payments in one more; every allocation is then applied in memory, in event order (an
     * invoice paid twice in a batch sees the first payment), and the changes are written set-based: one INSERT of
     * the new payments, one UPDATE of the invoices' balances, one INSERT of their InvoiceChanged events. Each
     * allocation is applied once per (invoice, match): a match seen again changes nothing.
     * <p>
     * A bad allocation (a write-off outside 0..amount) throws, and the whole transaction rolls back.
     */
    public Uni<Void> applyPaymentEvents(List<app.lettrage.events.LettrageEvent> events) {
        // tenant -> invoice ids the batch names, tenants and ids sorted: the global lock order
        Map<String, java.util.SortedSet<UUID>> named = new TreeMap<>();
        for (var event : events) {
            for (Allocation a : allocations(event)) {
                UUID id = parseId(a.invoiceId());
                if (id != null) {
                    named.computeIfAbsent(event.tenantId(), t -> new java.util.TreeSet<>())
                            .add(id);
                }
            }
        }
        if (named.isEmpty()) {
            for (var event : events) {
                allocations(event).forEach(a -> unknown(event, a));
            }
            return Uni.createFrom().voidItem();
        }
        Map<String, Invoice> locked = new java.util.HashMap<>(); // tenant + id -> invoice
        Map<String, InvoicePayment> applied = new java.util.HashMap<>(); // invoice id + match id -> payment
        Uni<Void> read = Uni.createFrom().voidItem();
        for (var tenant : named.entrySet()) {
            List<UUID> ids = List.copyOf(tenant.getValue());
            read = read.flatMap(x -> invoices.lockAll(tenant.getKey(), ids))
                    .invoke(list -> list.forEach(inv -> locked.put(inv.tenantId + "/" + inv.id, inv)))
                    .flatMap(x -> payments.forInvoices(tenant.getKey(), ids))
                    .invoke(list -> list.forEach(p -> applied.put(p.invoiceId + "/" + p.matchId, p)))
                    .replaceWithVoid();
        }
        // the writes below are set-based SQL: the session must not flush the entities it read on its own
        return read.call(x -> invoices.getSession().invoke(org.hibernate.reactive.mutiny.Mutiny.Session::clear))
                .flatMap(x -> {
                    List<InvoicePayment> created = new ArrayList<>();
                    List<InvoicePayment> reversed = new ArrayList<>();
                    Map<UUID, Invoice> touched = new TreeMap<>();
                    List<InvoiceChanged> changes = new ArrayList<>();
                    for (var event : events) {
                        for (Allocation a : allocations(event)) {
                            UUID id = parseId(a.invoiceId());
                            Invoice inv = id == null ? null : locked.get(event.tenantId() + "/" + id);
                            if (inv == null) {
                                // never another tenant's invoice: the lookup is by the event's tenant
                                unknown(event, a);
                            } else if (event instanceof PaymentMatched m) {
                                InvoicePayment p = pay(m, a, inv, applied.get(inv.id + "/" + m.matchId()));
                                if (p != null) {
                                    applied.put(inv.id + "/" + m.matchId(), p);
                                    created.add(p);
                                    touched.put(inv.id, inv);
                                    changes.add(changed(inv, "PAYMENT_APPLIED"));
                                }
                            } else if (event instanceof PaymentUnmatched u) {
                                InvoicePayment p = applied.get(inv.id + "/" + u.matchId());
                                if (revert(inv, p)) {
                                    if (!created.contains(
                                            p)) { // one applied earlier in this batch is inserted reversed
                                        reversed.add(p);
                                    }
                                    touched.put(inv.id, inv);
                                    changes.add(changed(inv, "PAYMENT_REVERSED"));
                                }
                            }
                        }
                    }
                    return payments.insertAll(created)
                            .flatMap(y -> payments.markReversed(reversed))
                            .flatMap(y -> invoices.updateBalances(List.copyOf(touched.values())))
                            .flatMap(y -> outbox.appendAll(AGGREGATE, changes));
                });
    }

    private static List<Allocation> allocations(app.lettrage.events.LettrageEvent event) {
        if (event instanceof PaymentMatched m) {
            return m.allocations();
        }
        return event instanceof PaymentUnmatched u ? u.allocations() : List.of();
    }

    private void unknown(app.lettrage.events.LettrageEvent event, Allocation a) {
        if (event instanceof PaymentMatched m) {
            Log.warnf(
                    "match %s of tenant %s names unknown invoice %s; ignored",
                    m.matchId(), m.tenantId(), a.invoiceId());
            metrics.counter("lettrage.payments.applied", "outcome", "unknown-invoice")
                    .increment();
        }
    }

    /** The payment the allocation makes on the (locked) invoice, applied to it; null when there is none to make. */
    private InvoicePayment pay(PaymentMatched match, Allocation a, Invoice inv, InvoicePayment existing) {
        if (existing != null) {
            metrics.counter("lettrage.payments.applied", "outcome", "duplicate").increment();
            return null;
        }
        if (inv.status == InvoiceStatus.DRAFT
                || inv.status == InvoiceStatus.CANCELLED
                || inv.kind != InvoiceKind.INVOICE) {
            Log.warnf("match %s allocates to invoice %s which is %s; ignored", match.matchId(), inv.id, inv.status);
            metrics.counter("lettrage.payments.applied", "outcome", "not-open").increment();
            return null;
        }
        BigDecimal amount = Money.of(a.amount(), inv.currency);
        BigDecimal writeOff = a.writeOff() == null ? Money.zero(inv.currency) : Money.of(a.writeOff(), inv.currency);
        if (writeOff.signum() < 0 || writeOff.compareTo(amount) > 0) {
            throw new IllegalArgumentException("match " + match.matchId() + ": writeOff " + writeOff
                    + " is not between 0 and the allocated amount " + amount);
        }
        InvoicePayment p = new InvoicePayment();
        p.id = UUID.randomUUID();
        p.tenantId = inv.tenantId;
        p.invoiceId = inv.id;
        p.matchId = match.matchId();
        p.transactionId = match.transactionId();
        p.amount = amount;
        p.writeOff = writeOff;
        p.decidedBy = match.decidedBy();
        p.paymentDate = match.paymentDate();
        p.appliedAt = Instant.now(clock);
        BigDecimal due = inv.amountDue.subtract(amount);
        if (due.signum() < 0) {
            inv.creditAmount = inv.creditAmount.add(due.negate()); // an overpayment is a credit, not lost
            due = BigDecimal.ZERO;
        }
        inv.amountDue = Money.of(due, inv.currency);
        inv.writtenOffAmount = inv.writtenOffAmount.add(writeOff);
        inv.status = statusFor(inv);
        inv.updatedAt = p.appliedAt;
        metrics.counter("lettrage.payments.applied", "outcome", "applied").increment();
        return p;
    }

    /** Gives the payment back to its (locked) invoice, once; false when there is nothing to give back. */
    private boolean revert(Invoice inv, InvoicePayment p) {
        if (p == null || p.reversedAt != null) {
            return false;
        }
        p.reversedAt = Instant.now(clock);
        // give back the credit first, then the amount due
        BigDecimal back = Money.of(p.amount, inv.currency);
        BigDecimal fromCredit = back.min(inv.creditAmount);
        inv.creditAmount = Money.of(inv.creditAmount.subtract(fromCredit), inv.currency);
        inv.amountDue = Money.of(inv.amountDue.add(back.subtract(fromCredit)).min(inv.totalAmount), inv.currency);
        inv.writtenOffAmount = Money.of(
                inv.writtenOffAmount
                        .subtract(Money.of(p.writeOff, inv.currency))
                        .max(BigDecimal.ZERO),
                inv.currency);
        if (inv.status != InvoiceStatus.CANCELLED) {
            inv.status = statusFor(inv);
        }
        inv.updatedAt = p.reversedAt;
        return true;
    }

    private static InvoiceStatus statusFor(Invoice inv) {
        if (inv.amountDue.signum() == 0) {
            return InvoiceStatus.PAID;
        }
        return inv.amountDue.compareTo(inv.totalAmount) < 0 ? InvoiceStatus.PARTIALLY_PAID : InvoiceStatus.ISSUED;
    }

    /** The InvoiceChanged of the invoice as it is now. */
    private static InvoiceChanged changed(Invoice inv, String change) {
        return new InvoiceChanged(
                inv.id.toString(),
                inv.tenantId,
                inv.direction,
                inv.number,
                inv.status.name(),
                inv.paymentReference,
                inv.counterpartyName,
                inv.counterpartyIban,
                inv.currency,
                inv.totalAmount,
                inv.amountDue,
                inv.dueDate,
                change,
                inv.updatedAt);
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
