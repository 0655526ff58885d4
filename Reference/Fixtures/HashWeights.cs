using System.Security.Cryptography;
using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;

namespace KerasVis.Reference.Fixtures;

/// <summary>A named weight tensor in the fixtures' order and its framework's layout.</summary>
public sealed record WeightSlot(string Name, long[] Shape, bool TorchLayout)
{
    public long Count => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Kernels (rank ≥ 2): product of all dims but the output one (HWIO / [in, out]: all but the last;
    /// torch OIHW / [out, in]: all but the first). Biases have none.</summary>
    public long FanIn => Shape.Length < 2 ? 0 : TorchLayout ? Shape[1..].Aggregate(1L, (a, b) => a * b) : Shape[..^1].Aggregate(1L, (a, b) => a * b);
}

/// <summary>
/// Counter-hash weights that every language regenerates bit-exactly (docs/fixtures.md; the oracle's
/// tools/oracle/js/hash.mjs and tools/oracle/hashweights.py are the other two implementations):
/// <code>
///   H = lowbias32;  h = H(H(H(seed) ^ t) ^ i)        t = tensor index in the fixtures' order, i = row-major element index
///   k = (h &gt;&gt; 8) − 2²³;   w = f32( f32(a) · (k / 2²³) )
///   a = sqrt(6 / fan_in) for kernels (He uniform), 0.05 for biases
/// </code>
/// Order: layer by layer, kernel (weight) then bias — Keras 3 <c>model.weights</c> / torch <c>state_dict()</c>.
/// Layouts: Keras conv HWIO, dense [in, out]; torch conv OIHW, linear [out, in]. Our own code: the arithmetic must
/// be bit-identical to the oracle's, so no library RNG can stand in for it.
/// </summary>
public static class HashWeights
{
    public const float BiasScale = 0.05f;

    public static uint LowBias32(uint x)
    {
        x ^= x >> 16; x *= 0x7feb352dU;
        x ^= x >> 15; x *= 0x846ca68bU;
        x ^= x >> 16;
        return x;
    }

    /// <summary>The weight tensors of a model in the fixtures' order, with their shapes in the model's own layout.</summary>
    public static IReadOnlyList<WeightSlot> Slots(ModelSpec spec)
    {
        var slots = new List<WeightSlot>();
        foreach (var row in spec.Rows)
        {
            int cin = spec.IsTorchLayout ? row.InputShape[0] : row.InputShape[^1];
            switch (row.Layer)
            {
                case Conv2DSpec c:
                    slots.Add(new($"{c.Name}/kernel", [c.Kernel, c.Kernel, cin, c.Filters], false));
                    slots.Add(new($"{c.Name}/bias", [c.Filters], false));
                    break;
                case DenseSpec d:
                    slots.Add(new($"{d.Name}/kernel", [cin, d.Units], false));
                    slots.Add(new($"{d.Name}/bias", [d.Units], false));
                    break;
                case TorchConv2dSpec c:
                    slots.Add(new($"{c.Name}.weight", [c.OutChannels, cin, c.Kernel, c.Kernel], true));
                    slots.Add(new($"{c.Name}.bias", [c.OutChannels], true));
                    break;
                case TorchLinearSpec l:
                    slots.Add(new($"{l.Name}.weight", [l.OutFeatures, cin], true));
                    slots.Add(new($"{l.Name}.bias", [l.OutFeatures], true));
                    break;
            }
        }
        return slots;
    }

    /// <summary>Fills <paramref name="dest"/> with the values of tensor <paramref name="t"/> (all of it, or a slice
    /// starting at element <paramref name="offset"/>).</summary>
    public static void Fill(uint seed, int t, WeightSlot slot, Span<float> dest, long offset = 0)
    {
        var v = new Element(seed, t, slot);
        for (int j = 0; j < dest.Length; j++) dest[j] = v[offset + j];
    }

    /// <summary>Element i (row-major in the slot's layout) of one weight tensor.</summary>
    readonly struct Element(uint seed, int t, WeightSlot slot)
    {
        readonly float a = slot.Shape.Length >= 2 ? (float)Math.Sqrt(6.0 / slot.FanIn) : BiasScale;
        readonly uint ht = LowBias32(LowBias32(seed) ^ (uint)t);

        public float this[long i]
        {
            get
            {
                int k = (int)(LowBias32(ht ^ (uint)i) >> 8) - (1 << 23);
                return a * (k / 8388608f);   // k / 2^23 is exact in float32; one float32 product, rounded once
            }
        }
    }

    /// <summary>Weight tensor t computed straight into a tensor — in torch's layout (OIHW, [out, in]), what a model's
    /// parameter holds, or in the slot's own layout — with no copy on the way: in torch layout each position computes
    /// the hash of the Keras element it receives (conv O,I,H,W ← H,W,I,O; dense out,in ← in,out). Rows are filled in
    /// parallel.</summary>
    public static TorchSharp.torch.Tensor LayoutTensor(uint seed, int t, WeightSlot slot, bool torchLayout = true)
    {
        var v = new Element(seed, t, slot);
        var s = slot.Shape;
        bool permute = torchLayout && !slot.TorchLayout && s.Length is 2 or 4;
        long[] shape = !permute ? s : s.Length == 4 ? [s[3], s[2], s[0], s[1]] : [s[1], s[0]];
        var dest = TorchSharp.torch.empty(shape, TorchSharp.torch.ScalarType.Float32);   // float32 whatever the default dtype (conditioning sets float64)
        long rows = shape[0], perRow = slot.Count / Math.Max(1, rows);
        Parallel.For(0L, rows, o =>
        {
            var row = System.Runtime.InteropServices.MemoryMarshal.Cast<byte, float>(dest.bytes).Slice((int)(o * perRow), (int)perRow);
            if (!permute) { for (int j = 0; j < row.Length; j++) row[j] = v[o * perRow + j]; return; }
            if (s.Length == 2) { for (long i = 0; i < s[0]; i++) row[(int)i] = v[i * s[1] + o]; return; }
            long H = s[0], W = s[1], I = s[2], O = s[3];
            for (long i = 0, j = 0; i < I; i++)
                for (long h = 0; h < H; h++)
                    for (long w = 0; w < W; w++) row[(int)j++] = v[((h * W + w) * I + i) * O + o];
        });
        return dest;
    }

    /// <summary>A model's weights in the fixtures' order, each computed into torch's layout (<see cref="LayoutTensor"/>)
    /// as the loader asks for it: one tensor at a time, nothing else allocated.</summary>
    public static IEnumerable<TorchSharp.torch.Tensor> TorchLayoutTensors(ModelSpec spec, uint seed) =>
        Slots(spec).Select((s, t) => LayoutTensor(seed, t, s));

    /// <summary>The same weights in their Keras layouts (what KerasToTorch converts), computed the same way.</summary>
    public static IEnumerable<TorchSharp.torch.Tensor> KerasLayoutTensors(ModelSpec spec, uint seed) =>
        Slots(spec).Select((s, t) => LayoutTensor(seed, t, s, torchLayout: false));

    public static NpyArray Tensor(uint seed, int t, WeightSlot slot) => NpyArray.FromFloats(Values(seed, t, slot), slot.Shape);

    /// <summary>Weight tensor t of <paramref name="seed"/> as a fresh float array (row-major, the slot's layout).</summary>
    static float[] Values(uint seed, int t, WeightSlot slot)
    {
        var data = new float[checked((int)slot.Count)];
        Fill(seed, t, slot, data);
        return data;
    }

    /// <summary>A model's weights as arrays (small models and tests; loaders take <see cref="TorchLayoutTensors"/>).</summary>
    public static IReadOnlyList<NpyArray> ForModel(ModelSpec spec, uint seed) => Slots(spec).Select((s, t) => Tensor(seed, t, s)).ToList();

    /// <summary>SHA-256 (lower-case hex) over every weight's float32 little-endian bytes in order, and the count —
    /// what fixtures/weights/hash-weights.json records per model. Streams, so VGG16 needs no 553 MB buffer.</summary>
    public static (string Sha256, long Count) Digest(ModelSpec spec, uint seed)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        var buf = new float[1 << 20];
        long count = 0;
        var slots = Slots(spec);
        for (int t = 0; t < slots.Count; t++)
        {
            for (long off = 0; off < slots[t].Count; off += buf.Length)
            {
                var span = buf.AsSpan(0, (int)Math.Min(buf.Length, slots[t].Count - off));
                Fill(seed, t, slots[t], span, off);
                sha.AppendData(System.Runtime.InteropServices.MemoryMarshal.AsBytes(span));
            }
            count += slots[t].Count;
        }
        return (Convert.ToHexStringLower(sha.GetHashAndReset()), count);
    }
}
