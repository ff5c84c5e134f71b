package io.webwaka.config.bench.sse;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * SSE delivery latency: opens many {@code GET /api/v1/client/stream} connections (spread over one
 * or more server nodes) on one selector thread, commits changes through the first node's admin API,
 * and measures per connection the time from the commit's HTTP response to the arrival of the event
 * with that revision. Prints p50 / p99 / max over every (connection, change) and how many events
 * never arrived. Bounded: a fixed number of changes, each awaited at most 10 s.
 *
 * <pre>
 * java -cp bench/target/benchmarks.jar io.webwaka.config.bench.sse.SseLoadDriver \
 *     --admin-token T --nodes http://127.0.0.1:18081,http://127.0.0.1:18082 \
 *     --connections 1000 --changes 50 [--idle-seconds 0]
 * </pre>
 *
 * Run by {@code bench/sse-load.sh}, which starts the servers and measures their memory.
 */
public final class SseLoadDriver {
    private static final Pattern REVISION = Pattern.compile("\"revision\":(\\d+)");
    private static final byte[] ID = "id: ".getBytes(StandardCharsets.US_ASCII);

    private final List<URI> nodes;
    private final String adminToken;
    private final int connections;
    private final int changes;
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    /** Per connection: the highest event id seen and when it arrived. */
    private final AtomicLong[] seenRevision;

    private final long[] seenAt;

    private SseLoadDriver(List<URI> nodes, String adminToken, int connections, int changes) {
        this.nodes = nodes;
        this.adminToken = adminToken;
        this.connections = connections;
        this.changes = changes;
        this.seenRevision = new AtomicLong[connections];
        this.seenAt = new long[connections];
        for (int i = 0; i < connections; i++) {
            seenRevision[i] = new AtomicLong();
        }
    }

    /** Runs the measurement; see the class comment for the arguments. */
    public static void main(String[] args) throws Exception {
        List<URI> nodes = new ArrayList<>();
        String token = null;
        int connections = 1000;
        int changes = 50;
        int idleSeconds = 0;
        for (int i = 0; i < args.length; i += 2) {
            switch (args[i]) {
                case "--nodes" ->
                    Arrays.stream(args[i + 1].split(",")).map(URI::create).forEach(nodes::add);
                case "--admin-token" -> token = args[i + 1];
                case "--connections" -> connections = Integer.parseInt(args[i + 1]);
                case "--changes" -> changes = Integer.parseInt(args[i + 1]);
                case "--idle-seconds" -> idleSeconds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown argument " + args[i]);
            }
        }
        new SseLoadDriver(nodes, token, connections, changes).run(idleSeconds);
    }

    private void run(int idleSeconds) throws Exception {
        call("POST", "/api/v1/projects", "{\"key\":\"ssebench\",\"name\":\"SSE bench\"}");
        call("PUT", "/api/v1/projects/ssebench/configs/bench.value", "{\"value\":0}");
        String created = call("POST", "/api/v1/projects/ssebench/environments/prod/sdk-keys", "{}");
        String key = created.replaceAll(".*\"key\":\"([^\"]*)\".*", "$1");
        Selector selector = Selector.open();
        Reader reader = new Reader(selector);
        for (int i = 0; i < connections; i++) {
            URI node = nodes.get(i % nodes.size());
            SocketChannel ch = SocketChannel.open(new InetSocketAddress(node.getHost(), node.getPort()));
            ch.write(ByteBuffer.wrap(("GET /api/v1/client/stream HTTP/1.1\r\nHost: " + node.getHost()
                            + "\r\nAuthorization: Bearer " + key + "\r\nAccept: text/event-stream\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII)));
            ch.configureBlocking(false);
            reader.add(ch, i);
        }
        Thread t = new Thread(reader, "sse-reader");
        t.setDaemon(true);
        t.start();
        long initial = Long.parseLong(field(call("GET", "/api/v1/projects/ssebench", null)));
        awaitAll(initial, Duration.ofSeconds(60));
        System.out.printf("%d streams open on %d node(s)%n", connections, nodes.size());
        if (idleSeconds > 0) {
            System.out.println("IDLE " + connections); // the script measures the server's memory now
            System.out.flush();
            Thread.sleep(idleSeconds * 1000L);
        }
        measure();
    }

    private void measure() throws Exception {
        List<Double> samples = new ArrayList<>();
        int missing = 0;
        for (int c = 1; c <= changes; c++) {
            String answer = call("PUT", "/api/v1/projects/ssebench/configs/bench.value", "{\"value\":" + c + "}");
            long committedAt = System.nanoTime();
            long revision = Long.parseLong(field(answer));
            awaitAll(revision, Duration.ofSeconds(10));
            for (int i = 0; i < connections; i++) {
                synchronized (seenRevision[i]) {
                    if (seenRevision[i].get() >= revision) {
                        samples.add(Math.max(0, seenAt[i] - committedAt) / 1e6);
                    } else {
                        missing++;
                    }
                }
            }
            Thread.sleep(100);
        }
        samples.sort(Double::compare);
        System.out.printf(
                Locale.ROOT,
                "RESULT connections=%d nodes=%d changes=%d samples=%d missing=%d p50=%.1fms p99=%.1fms max=%.1fms%n",
                connections,
                nodes.size(),
                changes,
                samples.size(),
                missing,
                pct(samples, 50),
                pct(samples, 99),
                samples.isEmpty() ? 0 : samples.get(samples.size() - 1));
    }

    private static double pct(List<Double> sorted, int p) {
        if (sorted.isEmpty()) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
    }

    private void awaitAll(long revision, Duration max) throws InterruptedException {
        long deadline = System.nanoTime() + max.toNanos();
        while (System.nanoTime() < deadline) {
            boolean all = true;
            for (AtomicLong seen : seenRevision) {
                if (seen.get() < revision) {
                    all = false;
                    break;
                }
            }
            if (all) {
                return;
            }
            Thread.sleep(1);
        }
    }

    private static String field(String json) {
        Matcher m = REVISION.matcher(json);
        if (!m.find()) {
            throw new IllegalStateException("no revision in " + json);
        }
        return m.group(1);
    }

    private String call(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(nodes.get(0).resolve(path))
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30));
        b.method(
                method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && r.statusCode() != 409) {
            throw new IllegalStateException(method + " " + path + ": " + r.statusCode() + " " + r.body());
        }
        return r.body();
    }

    /** Reads every stream on one thread, finding {@code id: N} at the start of a line. */
    private final class Reader implements Runnable {
        private final Selector selector;
        private final ByteBuffer buf = ByteBuffer.allocateDirect(256 * 1024);

        Reader(Selector selector) {
            this.selector = selector;
        }

        void add(SocketChannel ch, int index) throws IOException {
            ch.register(
                    selector, SelectionKey.OP_READ, new int[] {index, 0, 0, 1}); // index, matched, parsing, lineStart
        }

        @Override
        public void run() {
            try {
                while (selector.isOpen()) {
                    selector.select(100);
                    Iterator<SelectionKey> it = selector.selectedKeys().iterator();
                    while (it.hasNext()) {
                        SelectionKey k = it.next();
                        it.remove();
                        read(k);
                    }
                }
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        private void read(SelectionKey k) throws IOException {
            SocketChannel ch = (SocketChannel) k.channel();
            int[] st = (int[]) k.attachment();
            buf.clear();
            int n = ch.read(buf);
            if (n < 0) {
                k.cancel();
                ch.close();
                return;
            }
            long now = System.nanoTime();
            buf.flip();
            long number = st[2] > 0 ? st[2] - 1L : 0;
            while (buf.hasRemaining()) {
                byte b = buf.get();
                if (st[2] > 0) { // reading the digits of an id
                    if (b >= '0' && b <= '9') {
                        number = number * 10 + (b - '0');
                        continue;
                    }
                    seen(st[0], number, now);
                    st[2] = 0;
                    number = 0;
                }
                if (st[3] == 1 && st[1] < ID.length && b == ID[st[1]]) {
                    if (++st[1] == ID.length) {
                        st[2] = 1;
                        st[1] = 0;
                        number = 0;
                    }
                    continue;
                }
                st[1] = 0;
                st[3] = b == '\n' ? 1 : 0;
            }
            if (st[2] > 0) {
                st[2] = (int) number + 1; // digits split across reads (ids stay far below 2^31)
            }
        }

        private void seen(int index, long revision, long at) {
            synchronized (seenRevision[index]) {
                if (revision > seenRevision[index].get()) {
                    seenAt[index] = at;
                    seenRevision[index].set(revision);
                }
            }
        }
    }
}
