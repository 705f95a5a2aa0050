package app.lettrage.testsupport;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Runs requests truly at once: each on its own thread, all released together by a barrier once every thread is ready,
 * so none has a head start of a thread's creation. The results come back in the order the requests were given.
 */
public final class Race {

    private Race() {}

    /** Runs every request at once and returns their results, in the order given; a request's failure is rethrown. */
    @SafeVarargs
    @SuppressWarnings("varargs") // the array is only copied into a List, never written or exposed
    public static <T> List<T> run(Callable<T>... requests) throws Exception {
        return run(List.of(requests));
    }

    public static <T> List<T> run(List<Callable<T>> requests) throws Exception {
        CyclicBarrier start = new CyclicBarrier(requests.size());
        ExecutorService pool = Executors.newFixedThreadPool(requests.size());
        try {
            List<Future<T>> running = new ArrayList<>();
            for (Callable<T> request : requests) {
                running.add(pool.submit(() -> {
                    start.await(30, TimeUnit.SECONDS);
                    return request.call();
                }));
            }
            List<T> results = new ArrayList<>();
            for (Future<T> f : running) {
                results.add(f.get(60, TimeUnit.SECONDS));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }
}
