package app.lettrage.invoice.rest;

/** OpenAPI examples of the main requests and responses. */
final class Examples {

    private Examples() {}

    static final String SALES_REQUEST = """
            {"direction": "SALES",
             "counterpartyName": "Dupont SARL", "counterpartyAddress": "12 rue de la Paix, 75002 Paris, France",
             "counterpartyVatNumber": "FR40303265045", "counterpartyIban": "FR76 3000 6000 0112 3456 7890 189",
             "currency": "EUR", "dueDate": "2026-12-31", "paymentTerms": "30 days net", "notes": "Order PO-4471",
             "lines": [
               {"description": "Consulting, November", "quantity": "3", "unitPrice": "400.00", "vatRate": "20", "discount": "5"},
               {"description": "Book: Accounting basics", "quantity": "1", "unitPrice": "42.00", "vatRate": "5.5"}]}""";

    static final String PURCHASE_REQUEST = """
            {"direction": "PURCHASE", "supplierNumber": "SUP-2026-118",
             "counterpartyName": "Papeterie Martin", "counterpartyVatNumber": "FR83404833048",
             "counterpartyIban": "FR7630006000011234567890189", "currency": "EUR",
             "issueDate": "2026-11-20", "dueDate": "2026-12-20",
             "lines": [{"description": "Paper A4, 50 reams", "quantity": "50", "unitPrice": "4.20", "vatRate": "20"}]}""";

    static final String DRAFT_RESPONSE = """
            {"id": "5f0c6b7e-8a51-4c39-9a3c-0d6f1f1d2a11", "kind": "INVOICE", "direction": "SALES", "number": null,
             "status": "DRAFT", "counterpartyName": "Dupont SARL", "counterpartyAddress": "12 rue de la Paix, 75002 Paris, France",
             "counterpartyVatNumber": "FR40303265045", "counterpartyIban": "FR7630006000011234567890189", "currency": "EUR",
             "rounding": "PER_TOTAL", "netAmount": "1182.00", "vatAmount": "230.31", "totalAmount": "1412.31",
             "amountDue": "1412.31", "creditAmount": "0.00", "writtenOffAmount": "0.00", "issueDate": null,
             "dueDate": "2026-12-31", "paymentTerms": "30 days net", "notes": "Order PO-4471",
             "paymentReference": null, "paymentReferenceType": null,
             "lines": [
               {"position": 1, "description": "Consulting, November", "quantity": "3", "unitPrice": "400", "vatRate": "20",
                "discount": "5", "netAmount": "1140.00", "vatAmount": "228.00"},
               {"position": 2, "description": "Book: Accounting basics", "quantity": "1", "unitPrice": "42", "vatRate": "5.5",
                "discount": "0", "netAmount": "42.00", "vatAmount": "2.31"}],
             "vat": [{"rate": "5.50", "base": "42.00", "vat": "2.31"}, {"rate": "20.00", "base": "1140.00", "vat": "228.00"}],
             "version": 0}""";

    static final String ISSUED_RESPONSE = """
            {"id": "5f0c6b7e-8a51-4c39-9a3c-0d6f1f1d2a11", "kind": "INVOICE", "direction": "SALES", "number": "FV-2026-00042",
             "status": "ISSUED", "counterpartyName": "Dupont SARL", "counterpartyIban": "FR7630006000011234567890189",
             "currency": "EUR", "rounding": "PER_TOTAL", "netAmount": "1182.00", "vatAmount": "230.31",
             "totalAmount": "1412.31", "amountDue": "1412.31", "creditAmount": "0.00", "writtenOffAmount": "0.00",
             "issueDate": "2026-11-27", "dueDate": "2026-12-31", "paymentReference": "RF41FV202600042",
             "paymentReferenceType": "ISO11649", "version": 1}""";

    static final String PAGE_RESPONSE = """
            {"items": [{"id": "5f0c6b7e-8a51-4c39-9a3c-0d6f1f1d2a11", "kind": "INVOICE", "direction": "SALES",
               "number": "FV-2026-00042", "status": "OVERDUE", "counterpartyName": "Dupont SARL", "currency": "EUR",
               "totalAmount": "1412.31", "amountDue": "412.31", "dueDate": "2026-10-31", "version": 3}],
             "page": 0, "size": 50, "total": 1, "totalExact": true}""";

    static final String PROBLEM = """
            {"type": "https://lettrage.app/problems/validation", "title": "Invalid request", "status": 400,
             "detail": "lines[1].vatRate: a percentage from 0 to 100", "instance": "/api/invoices",
             "errors": [{"field": "lines[1].vatRate", "message": "a percentage from 0 to 100"}]}""";
}
