/**
 * A user program on the module path: it requires the API only. The runtime backend
 * (org.triojava.core) is resolved by service binding, because org.triojava.api {@code uses}
 * org.triojava.spi.RuntimeProvider and org.triojava.core {@code provides} it.
 */
module org.triojava.itests.demo {
    requires org.triojava.api;
}
