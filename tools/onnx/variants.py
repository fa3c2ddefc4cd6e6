#!/usr/bin/python3
"""Variants of a detector's ONNX graph, to measure what they would gain (bin/bench detectors).

  variants.py batch MODEL OUT.onnx       the batch dimension made free: inputs and outputs get
                                          dimension N, Reshape targets with a literal batch of 1
                                          get 0 (copy the input's batch)
  variants.py int8 MODEL OUT.onnx [R]    every Conv in QDQ form (QuantizeLinear/DequantizeLinear
                                          around it), which ONNX Runtime fuses into QLinearConv

The int8 variant is a speed probe: its activation ranges are a uniform [-R, R] (default 8), not
calibrated, so its detections mean nothing; it answers whether ONNX Runtime's int8 kernels beat
float on this CPU before anyone builds a calibration set. Weights are int8, symmetric, per output
channel, 7 bits (without VNNI the u8s8 kernels add pairs of products in 16 bits and would saturate
with 8), bias int32. Written here because ONNX Runtime's own quantiser needs its Python wheel,
which this project cannot install; python3-onnx (Debian) edits the graph.
"""
import sys

import numpy as np
import onnx
from onnx import helper, numpy_helper, version_converter

OPSET = 13  # per-channel DequantizeLinear (axis) needs 13


def constant(graph, name):
    for i in graph.initializer:
        if i.name == name:
            return i
    for n in graph.node:
        if n.op_type == "Constant" and n.output[0] == name:
            return n.attribute[0].t
    return None


def batch(src, out):
    m = onnx.load(src)
    for v in list(m.graph.input) + list(m.graph.output):
        dims = v.type.tensor_type.shape.dim
        if len(dims):
            dims[0].ClearField("dim_value")
            dims[0].dim_param = "N"
    del m.graph.value_info[:]  # shapes inferred for batch 1 would contradict
    for n in m.graph.node:
        if n.op_type == "Reshape":
            t = constant(m.graph, n.input[1])
            if t is not None:
                a = numpy_helper.to_array(t).copy()
                if a.size and a[0] == 1:
                    a[0] = 0
                    t.CopyFrom(numpy_helper.from_array(a, t.name))
    onnx.checker.check_model(m)
    onnx.save(m, out)


def int8(src, out, r=8.0):
    m = onnx.load(src)
    if max(o.version for o in m.opset_import if o.domain in ("", "ai.onnx")) < OPSET:
        m = version_converter.convert_version(m, OPSET)
    g = m.graph
    scale, zero = np.float32(2 * r / 255.0), np.uint8(128)
    inits = [numpy_helper.from_array(np.array(scale), "act_scale"), numpy_helper.from_array(np.array(zero), "act_zero")]
    nodes, dq_of, dropped = [], {}, set()

    def act(tensor, src_name, name_out, into):
        q = tensor + "_q8"
        into.append(helper.make_node("QuantizeLinear", [src_name, "act_scale", "act_zero"], [q], name=q))
        into.append(helper.make_node("DequantizeLinear", [q, "act_scale", "act_zero"], [name_out], name=name_out + "_dq8"))

    for k, n in enumerate(g.node):
        w_t = constant(g, n.input[1]) if n.op_type == "Conv" else None
        if w_t is None:
            nodes.append(n)
            continue
        pre, post, base = [], [], f"conv{k}"
        x = n.input[0]
        if x not in dq_of:
            act(x, x, x + "_dq", pre)
            dq_of[x] = x + "_dq"
        w = numpy_helper.to_array(w_t).astype(np.float32)
        per = np.abs(w.reshape(w.shape[0], -1)).max(axis=1)
        w_scale = np.where(per > 0, per / 63.0, 1.0).astype(np.float32)
        wq = np.clip(np.round(w / w_scale.reshape(-1, *([1] * (w.ndim - 1)))), -63, 63).astype(np.int8)
        inits += [numpy_helper.from_array(wq, base + "_w8"), numpy_helper.from_array(w_scale, base + "_ws"),
                  numpy_helper.from_array(np.zeros(w.shape[0], np.int8), base + "_wz")]
        pre.append(helper.make_node("DequantizeLinear", [base + "_w8", base + "_ws", base + "_wz"], [base + "_w"], axis=0))
        inputs = [dq_of[x], base + "_w"]
        dropped.add(n.input[1])
        if len(n.input) > 2 and n.input[2]:
            b = numpy_helper.to_array(constant(g, n.input[2])).astype(np.float32)
            b_scale = (w_scale * scale).astype(np.float32)
            inits += [numpy_helper.from_array(np.round(b / b_scale).astype(np.int32), base + "_b32"),
                      numpy_helper.from_array(b_scale, base + "_bs"), numpy_helper.from_array(np.zeros(w.shape[0], np.int32), base + "_bz")]
            pre.append(helper.make_node("DequantizeLinear", [base + "_b32", base + "_bs", base + "_bz"], [base + "_b"], axis=0))
            inputs.append(base + "_b")
            dropped.add(n.input[2])
        y = n.output[0]
        conv = helper.make_node("Conv", inputs, [y + "_f32"], name=n.name)
        conv.attribute.extend(n.attribute)
        act(y, y + "_f32", y, post)  # the DQ keeps the name, so every consumer reads it unchanged
        dq_of[y] = y
        nodes += pre + [conv] + post
    still = {i for n in nodes for i in n.input}
    kept = [i for i in g.initializer if i.name not in dropped or i.name in still]
    del g.node[:]
    g.node.extend(nodes)
    del g.initializer[:]
    g.initializer.extend(kept + inits)
    onnx.checker.check_model(m)
    onnx.save(m, out)


if __name__ == "__main__":
    if len(sys.argv) >= 4 and sys.argv[1] == "batch":
        batch(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 4 and sys.argv[1] == "int8":
        int8(sys.argv[2], sys.argv[3], float(sys.argv[4]) if len(sys.argv) > 4 else 8.0)
    else:
        sys.exit("usage: variants.py batch MODEL OUT.onnx | int8 MODEL OUT.onnx [range]")
