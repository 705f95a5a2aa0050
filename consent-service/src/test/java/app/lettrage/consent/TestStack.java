package app.lettrage.consent;

import app.lettrage.testsupport.ServiceTestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Real PostgreSQL database consent_test, an in-process broker and Keycloak, and the sandbox bank (also behind a
 * gateway that fails on demand, as provider BERLIN_GROUP), for every test of this module.
 */
@QuarkusTestResource(value = ServiceTestStack.class, initArgs = @ResourceArg(name = "db", value = "consent_test"))
@QuarkusTestResource(SandboxBankResource.class)
@QuarkusTestResource(FlakyBank.class)
public class TestStack {}
