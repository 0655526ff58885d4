using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using static TorchSharp.torch;

namespace KerasVis.Reference.Models;

/// <summary>
/// Moves a Keras model's weights into the state_dict of the torchvision model with the same computation (Keras
/// <c>VGG16</c> → torchvision <c>vgg16</c>): the weighted layers are paired in order (Conv2D ↔ Conv2d, Dense ↔ Linear),
/// and each tensor changes layout:
/// <code>
///   conv kernel   HWIO [kh, kw, in, out]  →  OIHW [out, in, kh, kw]
///   dense kernel  [in, out]               →  [out, in]
///   the first Dense after a Flatten of (H, W, C):
///                 Keras row (h·W + w)·C + c  →  torch column c·H·W + h·W + w
/// </code>
/// The last line is the one ports forget: Keras flattens channels-last, torch flattens channels-first, so fc1's
/// 25,088 input rows must be reordered, not just transposed. The torch model then computes Keras's function on the
/// same image given as NCHW (torchvision's <c>AdaptiveAvgPool2d(7)</c> is the identity on a 224×224 input; the
/// Keras model ends in softmax, torchvision's in logits).
/// </summary>
public static class KerasToTorch
{
    /// <summary>The state_dict as arrays, from Keras arrays (small models and tests).</summary>
    public static Dictionary<string, NpyArray> StateDict(ModelSpec keras, IReadOnlyList<NpyArray> kerasWeights, ModelSpec torch)
    {
        var sd = StateDict(keras, kerasWeights.Select(NpyTensor.ToTensor), torch);
        try { return sd.ToDictionary(kv => kv.Key, kv => NpyTensor.ToNpy(kv.Value)); }
        finally { foreach (var t in sd.Values) t.Dispose(); }
    }

    /// <summary>The state_dict as tensors in torch layouts, from Keras-layout tensors taken one at a time (each disposed
    /// once converted: VGG16 never holds a layer twice beyond the one being converted).</summary>
    public static Dictionary<string, Tensor> StateDict(ModelSpec keras, IEnumerable<Tensor> kerasWeights, ModelSpec torch)
    {
        if (keras.IsTorchLayout) throw new ArgumentException($"model {keras.Id} is not a Keras model");
        if (!torch.IsTorchLayout) throw new ArgumentException($"model {torch.Id} is not a torchvision model");
        var src = new List<(LayerSpec Layer, int[]? FlattenedFrom)>();
        int[]? pendingFlatten = null;
        foreach (var row in keras.Rows)
        {
            if (row.Layer is FlattenSpec) pendingFlatten = row.InputShape;
            else if (row.Layer is Conv2DSpec) src.Add((row.Layer, null));
            else if (row.Layer is DenseSpec) { src.Add((row.Layer, pendingFlatten)); pendingFlatten = null; }
        }
        var dst = torch.Rows.Where(r => r.Layer is TorchConv2dSpec or TorchLinearSpec).Select(r => r.Layer).ToList();
        if (src.Count != dst.Count)
            throw new ArgumentException($"{keras.Id} has {src.Count} weighted layers, {torch.Id} has {dst.Count}: they do not pair");
        for (int k = 0; k < src.Count; k++)
            if ((src[k].Layer, dst[k]) is not (Conv2DSpec, TorchConv2dSpec) and not (DenseSpec, TorchLinearSpec))
                throw new ArgumentException($"layer #{k}: Keras {src[k].Layer.TypeName} '{src[k].Layer.Name}' cannot pair with torch {dst[k].TypeName} " +
                    $"'{dst[k].Name}'");

        var sd = new Dictionary<string, Tensor>();
        int given = 0;
        foreach (var t in kerasWeights)
        {
            int k = given++ / 2;
            if (k >= src.Count) { t.Dispose(); continue; }
            if (given % 2 == 0) { sd[dst[k].Name + ".bias"] = t; continue; }
            using (t) sd[dst[k].Name + ".weight"] = (src[k].FlattenedFrom is { } flat ? FlattenedDense(t, flat) : SpecNet.KernelToTorch(t)).contiguous();
        }
        if (given != 2 * src.Count)
        {
            foreach (var t in sd.Values) t.Dispose();
            throw new ArgumentException($"{given} Keras weight arrays given, model {keras.Id} has {2 * src.Count}");
        }
        return sd;
    }

    /// <summary>[H·W·C, out] in Keras's (h, w, c) row order → [out, C·H·W] in torch's (c, h, w) column order.</summary>
    static Tensor FlattenedDense(Tensor k, int[] hwc)
    {
        if ((long)hwc[0] * hwc[1] * hwc[2] != k.shape[0])
            throw new ArgumentException($"dense kernel {NpyArray.FormatShape(k.shape)} does not follow a Flatten of ({hwc[0]}, {hwc[1]}, {hwc[2]})");
        return k.reshape(hwc[0], hwc[1], hwc[2], k.shape[1]).permute(3, 2, 0, 1).reshape(k.shape[1], -1);
    }
}
