/** Time to service calls: fires due snapshot definitions and applies retention; never fakes HTTP requests. */
package org.vmsnap.scheduler;
