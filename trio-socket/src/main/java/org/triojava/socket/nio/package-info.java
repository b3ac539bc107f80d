/**
 * The NIO implementation of Trio's sockets (private to the module): stream sockets on
 * {@code SocketChannel}/{@code ServerSocketChannel}, datagram sockets on {@code DatagramChannel},
 * all in non-blocking mode and waiting through the run's readiness API
 * ({@code Lowlevel.waitReadable}/{@code waitWritable}).
 */
package org.triojava.socket.nio;
