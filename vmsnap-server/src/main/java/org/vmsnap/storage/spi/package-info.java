/** The storage driver contract (published interface); the core depends on this, never on a concrete driver. */
package org.vmsnap.storage.spi;
