/**
 * What every front door shares on the web side: the last-resort error handling for requests no controller took
 * (unknown URL, wrong method, unforeseen failure), rendered in the shape of the front door whose URL space the
 * request is in. Each front door contributes one {@link org.vmsnap.web.ErrorShape}.
 */
package org.vmsnap.web;
