package org.vmsnap.web;

/** What went wrong before, or outside of, a front door's own error handling. */
public enum Failure {
    /** No controller serves the URL. */
    NOT_FOUND,
    /** A controller serves the URL, but not with this HTTP method. */
    METHOD_NOT_ALLOWED,
    /** The request itself could not be read (the servlet container refused it before any controller). */
    BAD_REQUEST,
    /** The body's content type is not one the endpoint reads. */
    UNSUPPORTED_MEDIA_TYPE,
    /** Anything not foreseen: answered as a 500 in the front door's shape, and logged. */
    UNEXPECTED
}
