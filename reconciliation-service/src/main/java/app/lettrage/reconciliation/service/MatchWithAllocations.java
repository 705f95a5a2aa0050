package app.lettrage.reconciliation.service;

import app.lettrage.reconciliation.MatchAllocation;
import app.lettrage.reconciliation.PaymentMatch;
import java.util.List;

/** A match with what it settled on each invoice, as a person sees it. */
public record MatchWithAllocations(PaymentMatch match, List<MatchAllocation> allocations) {}
