package app.lettrage.consent;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * One clock for consent-service and the sandbox bank in these tests (it replaces the platform's default clock): a
 * fixed instant, so that no test depends on the day it runs; a test that is about the calendar moves it and puts it
 * back ({@link #reset()}).
 */
@ApplicationScoped
public class TestClock {

    /** A Monday in June, far from month ends and clock changes. */
    static final Instant DEFAULT = Instant.parse("2026-06-15T09:30:00Z");

    static final Movable CLOCK = new Movable(DEFAULT);

    static LocalDate today() {
        return LocalDate.now(CLOCK);
    }

    static void set(Instant now) {
        CLOCK.now = now;
    }

    /** Moves the clock on: for a test about the order of things that would otherwise happen at the same instant. */
    static void advance(Duration d) {
        CLOCK.now = CLOCK.now.plus(d);
    }

    static void reset() {
        CLOCK.now = DEFAULT;
    }

    @Produces
    @Singleton
    Clock clock() {
        return CLOCK;
    }

    static final class Movable extends Clock {
        private volatile Instant now;

        Movable(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
