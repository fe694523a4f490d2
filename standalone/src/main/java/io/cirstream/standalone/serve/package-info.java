/** Provides what runs one service as a process: its layered configuration, the known keys, start and stop. */
package io.cirstream.standalone.serve;
