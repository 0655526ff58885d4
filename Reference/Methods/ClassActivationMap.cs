using KerasVis.Conformance.IO;
using KerasVis.Conformance.Methods;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using KerasVis.Reference.Numerics;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods;

/// <summary>What the DLAI CAM labs compute for each image (all arrays per batch item i).</summary>
public sealed record CamResult(
    [Output("float32", "(N, h, w, C)", "the features layer's output F (after its ReLU)")] NpyArray Features,
    [Output("float32", "(N, classes)", "the model's predictions (softmax or sigmoid)")] NpyArray Predictions,
    [Output("int64", "(N,)", "argmax of each prediction row, first maximum (0 for a single unit)")] NpyArray ClassIndex,
    [Output("float32", "(N, H, W, C)", "F zoomed by (H/h, W/w, 1) with the spline of order zoom_order (when the case asks)")] NpyArray? Zoomed,
    [Output("float32", "(N, H, W)", "Z · W[:, k]: no ReLU, no normalisation")] NpyArray Cam);

/// <summary>
/// Class Activation Mapping exactly as the DeepLearning.AI CAM labs do it (seed 002, <c>show_cam</c>; Lab1 on
/// Fashion-MNIST, Lab2 with a single sigmoid unit):
/// <code>
///   cam_model = Model(model.input, (model.layers[-3].output, model.layers[-1].output))
///   features, results = cam_model.predict(X)           F = layers[-3]'s output: the last Conv2D (ReLU applied), (N, h, w, C)
///   gap_weights = model.layers[-1].get_weights()[0]     W, (C, classes): the Dense kernel, bias unused
///   k   = argmax(results[i])                            first maximum; always 0 for Dense(1)
///   Z   = scipy.ndimage.zoom(F[i], (H/h, W/w, 1), order=2)     (H, W, C) float32, see SplineZoom (the labs' order 2)
///   cam = np.dot(Z, W[:, k])                            (H, W) float32: no ReLU, no normalisation
/// </code>
/// The order-2 spline overshoots, so the CAM has negative values and ringing; nothing divides, so there is no
/// degenerate input. The features layer is not a choice: it is the layer the GAP averages, the one whose channels the
/// Dense kernel's rows weight (any other layer has another channel count or another meaning). The dot product is summed
/// in float64 and rounded once (np.dot's float32 BLAS order is unspecified; the goldens' tolerance covers any order).
/// </summary>
public static class ClassActivationMap
{
    public static CamResult Compute(SpecNet net, Tensor x, int zoomOrder = 2, bool keepZoomed = true)
    {
        var spec = net.Spec;
        var dense = spec.Layers[^1] as DenseSpec
            ?? throw new ArgumentException($"model {spec.Id}: CAM needs a Dense last layer after global average pooling, found {spec.Layers[^1].TypeName}");
        if (spec.Layers.Count < 3 || spec.Layers[^2] is not GlobalAveragePooling2DSpec || spec.Layers[^3] is not Conv2DSpec)
            throw new ArgumentException($"model {spec.Id}: CAM needs Conv2D, GlobalAveragePooling2D, Dense as its last three layers");
        string featuresLayer = spec.Layers[^3].Name;
        Tensor feats, preds, kernel;
        using (no_grad())
        {
            var outs = net.ForwardAll(x);
            if (!outs.TryGetValue(featuresLayer, out var f))
                throw new ArgumentException($"model {spec.Id} has no layer '{featuresLayer}'");
            feats = f.cpu().contiguous();
            preds = outs[dense.Name].cpu().contiguous();
            kernel = net.ParametersOf(dense.Name)[0].detach().cpu().t().contiguous();   // [out, in] -> Keras [in, out]
        }
        var F = NpyTensor.ToNpy(feats);
        var P = NpyTensor.ToNpy(preds);
        int n = (int)F.Shape[0], h = (int)F.Shape[1], w = (int)F.Shape[2], c = (int)F.Shape[3];
        int H = (int)x.shape[1], W = (int)x.shape[2], classes = (int)P.Shape[1];
        var kw = NpyTensor.ToNpy(kernel).AsFloats();
        var fv = F.AsFloats();
        var pv = P.AsFloats();
        double[] zoom = [(double)H / h, (double)W / w, 1.0];
        var zoomShape = SplineZoom.OutputShape([h, w, c], zoom);
        long per = (long)zoomShape[0] * zoomShape[1] * zoomShape[2];
        var cls = new long[n];
        var zoomed = keepZoomed ? new float[n * per] : null;
        var cam = new float[n * zoomShape[0] * zoomShape[1]];
        for (int i = 0; i < n; i++)
        {
            cls[i] = ArgMax(pv.AsSpan(i * classes, classes));
            var z = SplineZoom.Zoom(fv[(i * h * w * c)..((i + 1) * h * w * c)], [h, w, c], zoom, zoomOrder);
            if (zoomed is not null) z.CopyTo(zoomed.AsSpan((int)(i * per), (int)per));
            int pixels = zoomShape[0] * zoomShape[1];
            for (int p = 0; p < pixels; p++)
            {
                double s = 0;
                for (int ch = 0; ch < c; ch++) s += (double)z[p * c + ch] * kw[ch * classes + cls[i]];
                cam[i * pixels + p] = (float)s;
            }
        }
        return new CamResult(F, P, NpyArray.FromInt64(cls, n),
            zoomed is null ? null : NpyArray.FromFloats(zoomed, n, zoomShape[0], zoomShape[1], zoomShape[2]),
            NpyArray.FromFloats(cam, n, zoomShape[0], zoomShape[1]));
    }

    /// <summary><c>np.argmax</c>: the first index of the maximum; NaN wins as in NumPy.</summary>
    public static long ArgMax(ReadOnlySpan<float> v)
    {
        int best = 0;
        for (int i = 1; i < v.Length; i++)
        {
            if (float.IsNaN(v[best])) break;
            if (float.IsNaN(v[i]) || v[i] > v[best]) best = i;
        }
        return best;
    }
}
