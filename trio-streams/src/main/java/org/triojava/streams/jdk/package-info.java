/** Implementation of the stream layer (not exported). */
package org.triojava.streams.jdk;
