package io.cirstream.query.http;

import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

/**
 * One route of the API: the method, the path as Javalin and OpenAPI write it ({@code /api/v1/products/{id}}), the
 * handler.
 */
public record ApiRoute(HandlerType method, String path, Handler handler) {}
