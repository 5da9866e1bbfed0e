/** Wiring: the command line, the Clock, the storage driver, start-up and recovery. */
package org.vmsnap.config;
