package app.lettrage.banksync;

import app.lettrage.testsupport.ServiceTestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Real PostgreSQL database banksync_test, an in-process broker (its topics created before the service starts) and
 * Keycloak, for every test of this module.
 */
@QuarkusTestResource(value = ServiceTestStack.class, initArgs = @ResourceArg(name = "db", value = "banksync_test"))
public class TestStack {}
