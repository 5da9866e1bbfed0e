/** The contract between the core and the program that runs VMs. Implementations never touch the database. */
package org.vmsnap.runtime.spi;
