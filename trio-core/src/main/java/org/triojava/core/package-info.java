/** The implementation of trio-core; not exported. */
package org.triojava.core;
