package io.webwaka.config.store;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs one task on several threads released together, and fails with the first task failure. */
final class Concurrently {

    /** A task of thread number {@code thread} (0 … n-1). */
    @FunctionalInterface
    interface Task {
        void run(int thread) throws Exception;
    }

    private Concurrently() {}

    /** Runs {@code task} on {@code threads} threads at once and waits (up to a minute) for all. */
    static void run(int threads, Task task) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CyclicBarrier start = new CyclicBarrier(threads);
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int thread = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    task.run(thread);
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(1, TimeUnit.MINUTES);
            }
        } catch (ExecutionException e) {
            throw new AssertionError("a concurrent task failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException | TimeoutException e) {
            throw new AssertionError("the concurrent tasks did not finish", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
