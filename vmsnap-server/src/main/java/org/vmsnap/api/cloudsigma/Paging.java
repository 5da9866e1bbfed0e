package org.vmsnap.api.cloudsigma;

/**
 * {@code ?limit=&offset=} of a listing: {@code limit=0} means all, the default page is 20 (the schema's
 * {@code default_limit}).
 */
record Paging(long limit, long offset) {
    static final long DEFAULT_LIMIT = 20;

    static Paging of(Query query) {
        return new Paging(number(query, "limit", DEFAULT_LIMIT), number(query, "offset", 0));
    }

    private static long number(Query query, String name, long fallback) {
        String value = query.get(name).orElse("");
        if (value.isEmpty()) {
            return fallback;
        }
        if (!value.matches("[0-9]{1,9}")) {
            throw CloudSigmaError.validation(name, "Invalid value for " + name + ": must be a non-negative integer");
        }
        return Long.parseLong(value);
    }
}
