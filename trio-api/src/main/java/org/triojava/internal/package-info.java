/** Implementation helpers of trio-api's facades; not exported. */
package org.triojava.internal;
