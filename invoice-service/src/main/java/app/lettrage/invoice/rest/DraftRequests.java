package app.lettrage.invoice.rest;

import app.lettrage.events.InvoiceDirection;
import app.lettrage.identifiers.Iban;
import app.lettrage.invoice.Draft;
import app.lettrage.platform.money.Money;
import app.lettrage.platform.problem.Problem;
import app.lettrage.platform.problem.ProblemException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validator;
import java.lang.reflect.RecordComponent;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Requests checked at the boundary into a {@link Draft}: every invalid field is a 400 naming it (lines[1].vatRate, ...),
 * all of them at once.
 */
@ApplicationScoped
public class DraftRequests {

    private static final Set<String> FIELDS = Arrays.stream(InvoiceRequest.class.getRecordComponents())
            .map(RecordComponent::getName)
            .collect(Collectors.toSet());

    /** A PATCH: the draft it describes, and which fields it names (the others keep their value). */
    public record Patch(Draft draft, Set<String> present) {}

    private final ObjectMapper json;
    private final Validator validator;

    public DraftRequests(ObjectMapper json, Validator validator) {
        this.json = json;
        this.validator = validator;
    }

    /** A whole draft (POST, PUT), already validated by its annotations. */
    public Draft draft(InvoiceRequest request) {
        return toDraft(request, null);
    }

    /**
     * A JSON merge patch: only the fields it names are checked, and only those may be invoice draft fields. A field of
     * the wrong type or format throws the JsonMappingException that the problem mappers answer with a 400 naming it.
     */
    public Patch patch(ObjectNode body) throws JsonProcessingException {
        Set<String> present = new LinkedHashSet<>();
        body.fieldNames().forEachRemaining(present::add);
        List<String> unknown =
                present.stream().filter(f -> !FIELDS.contains(f)).sorted().toList();
        if (!unknown.isEmpty()) {
            throw new ProblemException(
                    400,
                    "validation",
                    "Invalid request",
                    "unknown or read-only fields: " + unknown,
                    unknown.stream()
                            .map(f -> new Problem.FieldError(f, "is not a field of an invoice draft"))
                            .toList());
        }
        if (present.contains("direction")) {
            throw ProblemException.badRequest("direction", "a draft keeps its direction");
        }
        InvoiceRequest request = json.treeToValue(body, InvoiceRequest.class);
        List<Problem.FieldError> errors = new ArrayList<>();
        for (ConstraintViolation<InvoiceRequest> v : validator.validate(request)) {
            String path = v.getPropertyPath().toString();
            String root = path.replaceAll("[\\[.].*", "");
            if (present.contains(root)) {
                errors.add(new Problem.FieldError(path.replace("<list element>", ""), v.getMessage()));
            }
        }
        throwIfAny(errors);
        return new Patch(toDraft(request, present), present);
    }

    /**
     * The request as a draft, every field checked with a problem naming it. With {@code only} (PATCH), only the
     * fields present are checked here; required ones are checked once merged with the invoice.
     */
    private static Draft toDraft(InvoiceRequest r, Set<String> only) {
        List<Problem.FieldError> errors = new ArrayList<>();
        InvoiceDirection direction = r.direction() == null ? InvoiceDirection.SALES : r.direction();
        String currency = r.currency();
        boolean currencyOk = true;
        if (currency != null) {
            try {
                Money.currency(currency);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("currency", e.getMessage()));
                currencyOk = false;
            }
        }
        BigDecimal total = r.totalAmount();
        if (total != null && currency != null && currencyOk) {
            try {
                total = Money.of(total, currency);
            } catch (IllegalArgumentException e) {
                errors.add(new Problem.FieldError("totalAmount", e.getMessage()));
            }
        }
        String iban = null;
        if (r.counterpartyIban() != null && !r.counterpartyIban().isBlank()) {
            iban = Iban.normalize(r.counterpartyIban());
            if (!Iban.isValid(iban)) {
                errors.add(new Problem.FieldError(
                        "counterpartyIban", "not a valid IBAN (country, length, account format or check digits)"));
            }
        }
        String vat = blankToNull(r.counterpartyVatNumber());
        if (vat != null && !vat.replaceAll("[\\s.\\-]", "").toUpperCase().matches("[A-Z]{2}[A-Z0-9]{2,13}")) {
            errors.add(new Problem.FieldError(
                    "counterpartyVatNumber", "must be a VAT number with its country prefix, such as FR40303265045"));
        }
        if (only == null && direction == InvoiceDirection.PURCHASE && blankToNull(r.supplierNumber()) == null) {
            errors.add(new Problem.FieldError(
                    "supplierNumber", "a purchase invoice keeps the supplier's number: required"));
        }
        if (only == null && direction == InvoiceDirection.SALES && r.supplierNumber() != null) {
            errors.add(new Problem.FieldError(
                    "supplierNumber", "only for a purchase invoice: a sales invoice is numbered when issued"));
        }
        if (only == null && direction == InvoiceDirection.SALES && r.issueDate() != null) {
            errors.add(new Problem.FieldError("issueDate", "a sales invoice is dated when it is issued"));
        }
        if (only == null && (r.lines() == null || r.lines().isEmpty()) && r.totalAmount() == null) {
            errors.add(new Problem.FieldError("lines", "an invoice needs lines (or, without lines, a totalAmount)"));
        }
        List<Draft.DraftLine> lines = null;
        if (r.lines() != null) {
            lines = new ArrayList<>();
            for (int i = 0; i < r.lines().size(); i++) {
                InvoiceRequest.LineRequest l = r.lines().get(i);
                String at = "lines[" + i + "].";
                if (l == null) {
                    errors.add(new Problem.FieldError("lines[" + i + "]", "must not be null"));
                    continue;
                }
                if (l.description() == null || l.description().isBlank()) {
                    errors.add(new Problem.FieldError(at + "description", "must not be blank"));
                } else if (l.description().length() > 500) {
                    errors.add(new Problem.FieldError(at + "description", "at most 500 characters"));
                }
                if (l.quantity() == null || l.quantity().signum() <= 0) {
                    errors.add(new Problem.FieldError(at + "quantity", "must be a positive number"));
                }
                if (l.unitPrice() == null) {
                    errors.add(new Problem.FieldError(at + "unitPrice", "must not be null"));
                }
                if (l.vatRate() == null) {
                    errors.add(new Problem.FieldError(at + "vatRate", "must not be null (0 for no VAT)"));
                }
                scale(errors, at + "quantity", l.quantity(), 6);
                scale(errors, at + "unitPrice", l.unitPrice(), 6);
                if (l.unitPrice() != null && l.unitPrice().signum() < 0) {
                    errors.add(new Problem.FieldError(
                            at + "unitPrice", "must not be negative (a credit goes through a credit note)"));
                }
                if (l.unitPrice() != null && l.unitPrice().abs().compareTo(new BigDecimal("1000000000000")) >= 0) {
                    errors.add(new Problem.FieldError(at + "unitPrice", "is too large"));
                }
                if (l.quantity() != null && l.quantity().compareTo(new BigDecimal("1000000000")) >= 0) {
                    errors.add(new Problem.FieldError(at + "quantity", "is too large"));
                }
                percent(errors, at + "vatRate", l.vatRate(), false);
                percent(errors, at + "discount", l.discount(), true);
                lines.add(new Draft.DraftLine(l.description(), l.quantity(), l.unitPrice(), l.vatRate(), l.discount()));
            }
        }
        throwIfAny(errors);
        return new Draft(
                direction,
                blankToNull(r.supplierNumber()),
                r.counterpartyName(),
                blankToNull(r.counterpartyAddress()),
                vat == null ? null : vat.replaceAll("[\\s.\\-]", "").toUpperCase(),
                iban,
                currency,
                lines,
                total,
                r.issueDate(),
                r.dueDate(),
                blankToNull(r.paymentTerms()),
                blankToNull(r.notes()));
    }

    private static void scale(List<Problem.FieldError> errors, String field, BigDecimal v, int max) {
        if (v != null && v.stripTrailingZeros().scale() > max) {
            errors.add(new Problem.FieldError(field, "at most " + max + " decimals"));
        }
    }

    private static void percent(List<Problem.FieldError> errors, String field, BigDecimal v, boolean below100) {
        if (v == null) {
            return;
        }
        if (v.signum() < 0
                || (below100 ? v.compareTo(BigDecimal.valueOf(100)) >= 0 : v.compareTo(BigDecimal.valueOf(100)) > 0)) {
            errors.add(new Problem.FieldError(
                    field, below100 ? "a percentage from 0 to less than 100" : "a percentage from 0 to 100"));
        } else if (v.stripTrailingZeros().scale() > 4) {
            errors.add(new Problem.FieldError(field, "at most 4 decimals"));
        }
    }

    private static void throwIfAny(List<Problem.FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new ProblemException(
                    400,
                    "validation",
                    "Invalid request",
                    String.join(
                            "; ",
                            errors.stream()
                                    .map(e -> e.field() + ": " + e.message())
                                    .toList()),
                    errors);
        }
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.trim();
    }
}
