package app.lettrage.reconciliation;

import app.lettrage.testsupport.ServiceTestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/** Real PostgreSQL database reconciliation_test, an in-process broker and Keycloak, for every test of this module. */
@QuarkusTestResource(
        value = ServiceTestStack.class,
        initArgs = @ResourceArg(name = "db", value = "reconciliation_test"))
public class TestStack {}
