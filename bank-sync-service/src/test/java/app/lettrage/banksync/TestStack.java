package app.lettrage.banksync;

import app.lettrage.testsupport.ServiceTestStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;

/**
 * Real PostgreSQL database banksync_test, an in-process broker and Keycloak, for every test of this module; the
 * events topic is created before the service starts ({@link TopicsFirst}).
 */
@QuarkusTestResource(value = ServiceTestStack.class, initArgs = @ResourceArg(name = "db", value = "banksync_test"))
@QuarkusTestResource(TopicsFirst.class)
public class TestStack {
}
