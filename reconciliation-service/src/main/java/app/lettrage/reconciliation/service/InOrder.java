package app.lettrage.reconciliation.service;

import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import java.util.List;
import java.util.function.Function;

/** One asynchronous step per item, each after the previous one ended: a reactive session allows one at a time. */
final class InOrder {

    private InOrder() {}

    static <T> Uni<Void> each(List<T> items, Function<T, Uni<Void>> step) {
        if (items.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return Multi.createFrom()
                .iterable(items)
                .onItem()
                .<Void>transformToUniAndConcatenate(step::apply)
                .collect()
                .last()
                .replaceWithVoid();
    }
}
