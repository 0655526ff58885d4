using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using KerasVis.Conformance.IO;
using KerasVis.Reference.Fixtures;
using KerasVis.Reference.Models;

namespace KerasVis.Cli;

/// <summary>
/// <c>conformance models [--out DIR]</c>: every lab model in language-neutral form, one JSON file each
/// (<c>models/&lt;id&gt;.json</c>, described in models/README.md): the layers in order with their Keras
/// <c>get_config()</c> fields (filters, kernel_size, strides, padding, activation, units, pool_size) or torchvision's
/// constructor arguments, the input and output shape of each, its parameter count, and its weight tensors with their
/// shapes in the order the counter-hash weights and the fixtures' NPY files use. What a port needs to build a model;
/// <c>ModelDescriptionTests</c> checks the shapes and counts against the summary goldens, which come from the oracles.
/// </summary>
public static class ModelsCommand
{
    public static Command Build()
    {
        var outDir = new Option<string?>("--out") { Description = "write models/<id>.json into this folder (default: print the JSON of every model)" };
        var cmd = new Command("models", "Every lab model's layers, shapes and weight tensors as language-neutral JSON") { outDir };
        cmd.SetAction(r =>
        {
            if (r.GetValue(outDir) is { } dir)
            {
                Directory.CreateDirectory(dir);
                foreach (var id in ModelZoo.Ids) AtomicFile.WriteAllText(Path.Combine(dir, $"{id}.json"), Json(ModelZoo.Get(id)));
                Console.WriteLine($"{ModelZoo.Ids.Count} models written to {dir}");
            }
            else foreach (var id in ModelZoo.Ids) Console.Out.Write(Json(ModelZoo.Get(id)));
            return ExitCodes.Ok;
        });
        return cmd;
    }

    static readonly JsonSerializerOptions Indented = new()
        { WriteIndented = true, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Json(ModelSpec spec)
    {
        var slots = HashWeights.Slots(spec);
        var layers = new JsonArray();
        foreach (var row in spec.Rows)
        {
            var own = slots.Where(s => s.Name.StartsWith(row.Layer.Name + (spec.IsTorchLayout ? "." : "/"), StringComparison.Ordinal));
            layers.Add(new JsonObject
            {
                ["name"] = row.Layer.Name,
                ["class_name"] = row.Layer.TypeName,
                ["config"] = Config(row.Layer),
                ["input_shape"] = Ints(row.InputShape),
                ["output_shape"] = Ints(row.OutputShape),
                ["params"] = row.Params,
                ["trainable"] = row.Layer.Trainable,
                ["weights"] = new JsonArray(own.Select(s => (JsonNode)new JsonObject { ["name"] = s.Name, ["shape"] = Ints(s.Shape) }).ToArray()),
            });
        }
        var o = new JsonObject
        {
            ["id"] = spec.Id,
            ["name"] = spec.Name,
            ["kind"] = spec.Kind.ToString(),
            ["layout"] = spec.IsTorchLayout
                ? "channels_first: activations (batch, C, H, W); Conv2d weights (out, in, kh, kw); Linear weights (out, in); padding explicit, symmetric"
                : "channels_last: activations (batch, H, W, C); Conv2D kernels (kh, kw, in, out); Dense kernels (in, out); " +
                    "'same' padding puts the odd pixel after",
            ["input_shape"] = Ints(spec.InputShape),
            ["outputs"] = new JsonArray(spec.Outputs.Select(n => (JsonNode)n).ToArray()),
            ["total_params"] = spec.TotalParams,
            ["trainable_params"] = spec.TrainableParams,
            ["weights_order"] = "layer by layer, kernel (weight) then bias: Keras 3 model.weights / torch state_dict() order, as the counter-hash " +
                "weights (docs/fixtures.md) and the fixtures' NPY files number them",
            ["layers"] = layers,
        };
        return o.ToJsonString(Indented) + "\n";
    }

    static JsonObject Config(LayerSpec layer) => layer switch
    {
        InputSpec i => new() { ["batch_shape"] = new JsonArray([null, .. i.Shape.Select(d => (JsonNode)d)]) },
        Conv2DSpec c => new()
        {
            ["filters"] = c.Filters, ["kernel_size"] = Ints([c.Kernel, c.Kernel]), ["strides"] = Ints([c.Stride, c.Stride]),
            ["padding"] = c.Padding.ToString().ToLowerInvariant(), ["activation"] = c.Activation.ToString().ToLowerInvariant(), ["use_bias"] = true,
        },
        MaxPooling2DSpec p => new() { ["pool_size"] = Ints([p.Pool, p.Pool]), ["strides"] = Ints([p.Stride, p.Stride]), ["padding"] = "valid" },
        GlobalAveragePooling2DSpec => new() { ["keepdims"] = false },
        FlattenSpec or TorchFlattenSpec => new(),
        DenseSpec d => new() { ["units"] = d.Units, ["activation"] = d.Activation.ToString().ToLowerInvariant(), ["use_bias"] = true },
        TorchConv2dSpec c => new()
            { ["out_channels"] = c.OutChannels, ["kernel_size"] = c.Kernel, ["stride"] = c.Stride, ["padding"] = c.Pad, ["bias"] = true },
        TorchReLUSpec => new() { ["inplace"] = true },
        TorchMaxPool2dSpec p => new() { ["kernel_size"] = p.Kernel, ["stride"] = p.Stride, ["padding"] = 0 },
        TorchAdaptiveAvgPool2dSpec a => new() { ["output_size"] = Ints([a.Size, a.Size]) },
        TorchDropoutSpec => new() { ["p"] = 0.5, ["active"] = false },
        TorchLinearSpec l => new() { ["out_features"] = l.OutFeatures, ["bias"] = true },
        _ => throw new NotSupportedException($"layer {layer.Name}: no description for {layer.GetType().Name}"),
    };

    static JsonArray Ints(IEnumerable<int> v) => new(v.Select(x => (JsonNode)x).ToArray());

    static JsonArray Ints(IEnumerable<long> v) => new(v.Select(x => (JsonNode)x).ToArray());
}
