/** Values and the exception family shared by every module; no Spring, no SQL. */
package org.vmsnap.shared;
