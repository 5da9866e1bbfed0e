/** Background work that runs on its own timer thread while the application runs (scheduler ticks, sweeps). */
package org.vmsnap.periodic;
