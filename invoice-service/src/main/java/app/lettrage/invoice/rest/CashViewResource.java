package app.lettrage.invoice.rest;

import app.lettrage.invoice.service.CashView;
import app.lettrage.invoice.service.CashViewQuery;
import app.lettrage.platform.tenant.TenantContext;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

@Path("/api/cash-view")
@Authenticated
@Produces(MediaType.APPLICATION_JSON)
@Tag(name = "Cash view")
public class CashViewResource {

    private final CashViewQuery cashView;
    private final TenantContext tenant;

    public CashViewResource(CashViewQuery cashView, TenantContext tenant) {
        this.cashView = cashView;
        this.tenant = tenant;
    }

    @GET
    @RolesAllowed({"viewer", "accountant", "admin"})
    @Operation(
            summary =
                    "Amounts due by age bucket (not yet due, 1-30, 31-60, 61-90, over 90 days past due) per direction "
                            + "and currency, and cash expected in and out per ISO week from the due dates")
    public Uni<CashView> cashView(@QueryParam("weeks") @DefaultValue("13") @Min(1) @Max(104) int weeks) {
        return cashView.cashView(tenant.tenantId(), weeks);
    }
}
