package org.vistruct.server.api;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.multipart.Attribute;
import io.netty.handler.codec.http.multipart.DefaultHttpDataFactory;
import io.netty.handler.codec.http.multipart.FileUpload;
import io.netty.handler.codec.http.multipart.HttpPostRequestDecoder;
import io.netty.handler.codec.http.multipart.InterfaceHttpData;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.vistruct.server.http.ApiException;
import org.vistruct.server.http.ApiRequest;

/** A multipart/form-data body (face photos with their fields): text fields, and the bytes of one file part. */
record MultipartForm(Map<String, String> fields, byte[] file) {

    /** Parses the body; a 400 when it is not a form or holds no non-empty part named {@code filePart}. */
    static MultipartForm parse(ApiRequest r, String filePart) throws IOException {
        String type = r.headers().get("Content-Type", "");
        if (!type.startsWith("multipart/form-data")) throw ApiException.badRequest("send the photo as multipart/form-data with a part named '" + filePart + "'");
        DefaultFullHttpRequest copy = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/", Unpooled.wrappedBuffer(r.body()));
        copy.headers().set(r.headers());
        Map<String, String> fields = new LinkedHashMap<>();
        byte[] file = null;
        HttpPostRequestDecoder decoder;
        try {
            decoder = new HttpPostRequestDecoder(new DefaultHttpDataFactory(false), copy);
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException e) {
            throw ApiException.badRequest("malformed multipart body: " + e.getMessage());
        }
        try {
            for (InterfaceHttpData d : decoder.getBodyHttpDatas()) {
                if (d instanceof FileUpload f && d.getName().equals(filePart)) file = f.get();
                else if (d instanceof Attribute a) fields.put(a.getName(), a.getValue());
            }
        } catch (HttpPostRequestDecoder.ErrorDataDecoderException | HttpPostRequestDecoder.NotEnoughDataDecoderException e) {
            throw ApiException.badRequest("malformed multipart body: " + e.getMessage());
        } finally {
            decoder.destroy();
        }
        if (file == null || file.length == 0) throw ApiException.badRequest("no '" + filePart + "' part in the form");
        return new MultipartForm(fields, file);
    }

    /** A field of the form, else the query parameter of that name, else null. */
    String get(String name, ApiRequest r) {
        String v = fields.get(name);
        return v == null || v.isBlank() ? r.param(name) : v.trim();
    }
}
