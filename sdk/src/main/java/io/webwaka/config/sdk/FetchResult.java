package io.webwaka.config.sdk;

/** What one request for the snapshot gave. Each outcome dispatches itself to a {@link Handler}. */
sealed interface FetchResult {

    /** Calls the handler method that matches this outcome. */
    void handle(Handler handler);

    /** Receives the outcome of one fetch. */
    interface Handler {
        void fetched(ParsedSnapshot snapshot, String etag);

        void notModified();

        void rejected(int status, String detail);

        void failed(String reason);
    }

    /** 200: a new snapshot (with its flags compiled) and its entity tag. */
    record Fetched(ParsedSnapshot snapshot, String etag) implements FetchResult {
        @Override
        public void handle(Handler handler) {
            handler.fetched(snapshot, etag);
        }
    }

    /** 304: the snapshot we hold is current. */
    record NotModified() implements FetchResult {
        @Override
        public void handle(Handler handler) {
            handler.notModified();
        }
    }

    /** 401 or 403: the server refused the SDK key. */
    record Rejected(int status, String detail) implements FetchResult {
        @Override
        public void handle(Handler handler) {
            handler.rejected(status, detail);
        }
    }

    /** Anything else: unreachable, timed out, a 5xx, a malformed body. */
    record Failed(String reason) implements FetchResult {
        @Override
        public void handle(Handler handler) {
            handler.failed(reason);
        }
    }
}
