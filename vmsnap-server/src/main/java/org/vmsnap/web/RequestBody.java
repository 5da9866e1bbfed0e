package org.vmsnap.web;

import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A request's body, read once and bounded in size, with what its {@code Content-Type} declares it to be. Every
 * front door reads its bodies through this, so none of them can take a body it does not understand for an empty one:
 * multipart bodies are left unparsed by the servlet layer ({@code spring.servlet.multipart.resolve-lazily}) and
 * reach the front door as bytes, which it reads or refuses.
 */
public final class RequestBody {
    /** Bodies larger than this are refused by every front door. */
    public static final int MAX_BYTES = 1024 * 1024;

    /** What a declared content type says a body is. */
    public enum Kind {
        /** No {@code Content-Type}. */
        NONE,
        /** {@code application/json}, or any {@code application/*+json}. */
        JSON,
        /** {@code application/x-www-form-urlencoded}. */
        FORM,
        /** {@code multipart/form-data}. */
        MULTIPART,
        /** Anything else: no front door reads it. */
        OTHER
    }

    private final Kind kind;
    private final String contentType;
    private final byte[] bytes;
    private String text; // decoded on first use; a body is read on one thread

    private RequestBody(String contentType, byte[] bytes) {
        this.kind = kind(contentType);
        this.contentType = contentType == null ? "" : contentType;
        this.bytes = bytes;
    }

    /** The body is larger than {@link #MAX_BYTES}: the front door answers 413 in its shape. */
    public static final class TooLargeException extends Exception {
        public TooLargeException() {
            super("request body is too large", null, false, false);
        }
    }

    /**
     * Reads the whole body, at most {@link #MAX_BYTES} bytes.
     *
     * @throws TooLargeException when the declared or the actual length is larger
     * @throws IOException when the connection fails while the body is read
     */
    public static RequestBody read(HttpServletRequest request) throws TooLargeException, IOException {
        if (request.getContentLengthLong() > MAX_BYTES) {
            throw new TooLargeException();
        }
        byte[] bytes;
        try (InputStream in = request.getInputStream()) {
            bytes = in.readNBytes(MAX_BYTES + 1);
        }
        if (bytes.length > MAX_BYTES) {
            throw new TooLargeException();
        }
        return new RequestBody(request.getContentType(), bytes);
    }

    /** What the content type (with or without parameters such as {@code charset}) declares. */
    public static Kind kind(String contentType) {
        if (contentType == null || contentType.isBlank()) {
            return Kind.NONE;
        }
        int semicolon = contentType.indexOf(';');
        String type = (semicolon < 0 ? contentType : contentType.substring(0, semicolon))
                .strip()
                .toLowerCase(Locale.ROOT);
        if (type.equals("application/json") || (type.startsWith("application/") && type.endsWith("+json"))) {
            return Kind.JSON;
        }
        if (type.equals("application/x-www-form-urlencoded")) {
            return Kind.FORM;
        }
        if (type.equals("multipart/form-data")) {
            return Kind.MULTIPART;
        }
        return Kind.OTHER;
    }

    /** The body as UTF-8 text without surrounding white space (decoded once). */
    public String text() {
        if (text == null) {
            text = new String(bytes, StandardCharsets.UTF_8).strip();
        }
        return text;
    }

    /** Whether there is nothing but white space. */
    public boolean isBlank() {
        return text().isEmpty();
    }

    /**
     * Whether this is a body a JSON front door reads as JSON: one declared as JSON or undeclared, or a form-encoded
     * one that is plainly a JSON object (what {@code curl -d '{...}'} sends). A blank body of any type is read as
     * empty, as nothing is lost.
     */
    public boolean readableAsJson() {
        return isBlank() || kind == Kind.JSON || kind == Kind.NONE || (kind == Kind.FORM && text().startsWith("{"));
    }

    /** What the declared content type says the bytes are. */
    public Kind kind() {
        return kind;
    }

    /** The {@code Content-Type} header as sent; empty when absent. */
    public String contentType() {
        return contentType;
    }

    /** The body as sent, at most {@link #MAX_BYTES}; not a copy, not to be changed. */
    public byte[] bytes() {
        return bytes;
    }

    @Override
    public String toString() {
        return "RequestBody[" + kind + ", " + bytes.length + " bytes]";
    }
}
