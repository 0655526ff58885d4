using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using static TorchSharp.torch;

namespace KerasVis.Reference.Methods;

/// <summary>
/// 2-D max pooling that records its switches, and max-unpooling with them (Zeiler &amp; Fergus 2013, §2.1:
/// "unpooling: … recording the locations of the maxima within each pooling region in a set of switch variables").
/// <list type="bullet">
/// <item>Ties: the FIRST maximum in row-major window order wins (TF CPU SpatialMaxPoolWithArgMaxHelper replaces only on a
/// strictly larger value; PyTorch CPU cpu_max_pool likewise).</item>
/// <item>Odd sizes: VALID pooling floors (5 → 2), so unpooling needs the explicit output size; the dropped row/column
/// comes back as zeros.</item>
/// <item>Index conventions: <c>IndicesNchw</c> is PyTorch's <c>h·W + w</c> within each (n, c) plane;
/// <c>ArgmaxNhwc</c> is TF's <c>max_pool_with_argmax</c> with include_batch_in_index=False: <c>(h·W + w)·C + c</c>.</item>
/// </list>
/// Input and outputs are channels-last (N, H, W, C), as Keras holds them.
/// </summary>
public static class MaxUnpool
{
    public sealed record Switches(Tensor Pooled, Tensor IndicesNchw, Tensor ArgmaxNhwc);

    public static Switches Pool(Tensor xNhwc, int poolSize = 2, int stride = 2)
    {
        if (xNhwc.dim() != 4) throw new ArgumentException($"max pooling expects (N, H, W, C), got {xNhwc.dim()} dimensions");
        if (xNhwc.shape[1] < poolSize || xNhwc.shape[2] < poolSize)
            throw new ArgumentException($"a {poolSize}×{poolSize} window does not fit an input of {xNhwc.shape[1]}×{xNhwc.shape[2]}");
        long c = xNhwc.shape[3];
        var nchw = xNhwc.permute(0, 3, 1, 2).contiguous();
        var (pooled, idx) = nn.functional.max_pool2d_with_indices(nchw, [poolSize, poolSize], [stride, stride]);
        var argmax = idx * c + arange(c, dtype: ScalarType.Int64).view(1, c, 1, 1); // (h·W + w)·C + c
        return new Switches(pooled.permute(0, 2, 3, 1), idx, argmax.permute(0, 2, 3, 1));
    }

    /// <summary>Writes every pooled value back at its switch (per-plane NCHW index) of an (outH, outW) map; zeros elsewhere.</summary>
    public static Tensor Unpool(Tensor pooledNhwc, Tensor indicesNchw, int outH, int outW)
    {
        var p = pooledNhwc.permute(0, 3, 1, 2).contiguous();
        if (!indicesNchw.shape.SequenceEqual(p.shape))
            throw new ArgumentException($"switches of shape {NpyArray.FormatShape(indicesNchw.shape)} do not match pooled values of " +
                $"shape {NpyArray.FormatShape(p.shape)}");
        long max = indicesNchw.numel() == 0 ? 0 : indicesNchw.max().item<long>();
        if (indicesNchw.numel() > 0 && (indicesNchw.min().item<long>() < 0 || max >= (long)outH * outW))
            throw new ArgumentException($"a switch index ({max}) lies outside the {outH}×{outW} output");
        var flat = zeros(p.shape[0], p.shape[1], (long)outH * outW, dtype: p.dtype);
        flat.scatter_(2, indicesNchw.flatten(2), p.flatten(2));
        return flat.view(p.shape[0], p.shape[1], outH, outW).permute(0, 2, 3, 1);
    }
}
