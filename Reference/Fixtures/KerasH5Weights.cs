using KerasVis.Conformance.IO;
using KerasVis.Reference.IO;
using KerasVis.Reference.Models;
using PureHDF;
using PureHDF.VOL.Native;

namespace KerasVis.Reference.Fixtures;

/// <summary>One layer's weights as a Keras HDF5 file stores them: the layer's name in the file, and each weight's
/// dataset path with its value (Keras layout: conv kernel HWIO, dense kernel [in, out], float32).</summary>
public sealed record KerasH5Layer(string Name, IReadOnlyList<(string Dataset, NpyArray Value)> Weights);

/// <summary>
/// Reads the weights of a Keras HDF5 file (<c>.h5</c>) the way Keras's <c>load_weights_from_hdf5_group</c> does:
/// <list type="number">
/// <item>the root is the file, or its group <c>/model_weights</c> when the file is a whole saved model;</item>
/// <item>the root's attribute <c>layer_names</c> lists the layers (Keras splits long lists into <c>layer_names0</c>,
/// <c>layer_names1</c>, …); each layer's group has an attribute <c>weight_names</c>, the paths of its weights relative
/// to the group. This covers the ImageNet files (<c>vgg16_weights_tf_dim_ordering_tf_kernels.h5</c>:
/// <c>/block1_conv1/block1_conv1_W_1:0</c>) and tf.keras 2.x files (<c>/conv2d/conv2d/kernel:0</c>);</item>
/// <item>layers listing no weights are skipped; the others are matched <b>by position</b> with the model's layers that
/// have weights (not by name: a file saved from <c>conv2d_5</c> loads into <c>conv2d</c>), and every count and shape
/// must agree.</item>
/// </list>
/// Kernels are read as stored: the <c>_tf_kernels</c> files hold HWIO kernels. Float64 datasets are converted to
/// float32 (Keras assigns them to float32 variables); other types are refused. Keras 3's <c>.weights.h5</c> format
/// (<c>/layers/…/vars/0</c>) is a different layout and is refused with a message saying so.
/// </summary>
public static class KerasH5Weights
{
    /// <summary>Every layer the file lists, in file order, with its weights (empty for weightless layers).</summary>
    public static IReadOnlyList<KerasH5Layer> ReadLayers(string path)
    {
        if (!File.Exists(path)) throw new FileNotFoundException($"Keras weights file {path} does not exist", path);
        NativeFile file;
        try { file = H5File.OpenRead(path); }
        catch (Exception e) { throw new KerasWeightsException(path, $"not a readable HDF5 file ({e.Message})"); }
        using (file)
        {
            try
            {
                IH5Group root = file.LinkExists("model_weights") ? file.Group("model_weights") : file;
                var layerNames = StringList(root, "layer_names");
                if (layerNames is null)
                {
                    if (file.LinkExists("layers"))
                        throw new KerasWeightsException(path,
                            "this is a Keras 3 '.weights.h5' file (groups /layers/…/vars); only the Keras 2 / ImageNet HDF5 layout (root attribute " +
                                "'layer_names') is read");
                    throw new KerasWeightsException(path, "no attribute 'layer_names' at the root (nor in /model_weights): not a Keras weights file");
                }
                var prefix = root == file ? "/" : "/model_weights/";
                var layers = new List<KerasH5Layer>();
                foreach (var name in layerNames)
                {
                    if (!root.LinkExists(name)) throw new KerasWeightsException(path, "layer_names lists this layer, the file has no such group", prefix
                        + name);
                    var g = root.Group(name);
                    var weightNames = StringList(g, "weight_names") ?? throw new KerasWeightsException(path,
                        "the layer's group has no attribute 'weight_names'", prefix + name);
                    var ws = new List<(string, NpyArray)>();
                    foreach (var wn in weightNames)
                    {
                        var ds = prefix + name + "/" + wn;
                        if (!g.LinkExists(wn)) throw new KerasWeightsException(path, "weight_names lists this dataset, the file does not contain it", ds);
                        ws.Add((ds, ReadFloat32(path, ds, g.Dataset(wn))));
                    }
                    layers.Add(new KerasH5Layer(name, ws));
                }
                return layers;
            }
            catch (KerasWeightsException) { throw; }
            catch (Exception e) when (e is not OutOfMemoryException)
            {
                throw new KerasWeightsException(path, $"unreadable HDF5 content ({e.GetType().Name}: {e.Message})");
            }
        }
    }

    /// <summary>The file's weights in <paramref name="spec"/>'s <c>model.weights</c> order, Keras layouts, ready for
    /// <see cref="SpecNet.LoadKerasWeights"/>; every count and shape checked against the model, by position.</summary>
    public static IReadOnlyList<NpyArray> ForModel(ModelSpec spec, string path)
    {
        if (spec.IsTorchLayout)
            throw new ArgumentException($"model {spec.Id} is a torchvision model: load the Keras weights into the Keras model, or convert them with " +
                $"KerasToTorch.StateDict");
        var fileLayers = ReadLayers(path).Where(l => l.Weights.Count > 0).ToList();
        var modelLayers = HashWeights.Slots(spec).GroupBy(s => s.Name.Split('/')[0]).ToList();
        if (fileLayers.Count != modelLayers.Count)
            throw new KerasWeightsException(path, $"layer count mismatch: model {spec.Id} has {modelLayers.Count} layers with weights " +
                $"({string.Join(", ", modelLayers.Select(g => g.Key))}), the file has {fileLayers.Count} " +
                    $"({string.Join(", ", fileLayers.Select(l => l.Name))})");
        var result = new List<NpyArray>();
        for (int k = 0; k < fileLayers.Count; k++)
        {
            var (fl, ml) = (fileLayers[k], modelLayers[k].ToList());
            if (fl.Weights.Count != ml.Count)
                throw new KerasWeightsException(path,
                    $"layer #{k} of the file ('{fl.Name}') has {fl.Weights.Count} weights, model layer '{modelLayers[k].Key}' expects {ml.Count}");
            for (int j = 0; j < ml.Count; j++)
            {
                var (ds, v) = fl.Weights[j];
                if (!v.Shape.SequenceEqual(ml[j].Shape))
                    throw new KerasWeightsException(path,
                        $"shape {NpyArray.FormatShape(v.Shape)}, model {spec.Id} needs {NpyArray.FormatShape(ml[j].Shape)} for {ml[j].Name} (Keras " +
                            $"layout: conv kernels HWIO, dense kernels [in, out])", ds);
                result.Add(v);
            }
        }
        return result;
    }

    static NpyArray ReadFloat32(string path, string ds, IH5Dataset d)
    {
        var shape = d.Space.Dimensions.Select(x => checked((long)x)).ToArray();
        if (d.Type.Class != H5DataTypeClass.FloatingPoint || (d.Type.Size != 4 && d.Type.Size != 8))
            throw new KerasWeightsException(path, $"weights must be float32 or float64, the dataset holds {d.Type.Class} of {d.Type.Size} bytes", ds);
        float[] values = d.Type.Size == 4 ? d.Read<float[]>() : d.Read<double[]>().Select(x => (float)x).ToArray();
        if (values.LongLength != NpyArray.Count(shape))
            throw new KerasWeightsException(path, $"read {values.Length} values for shape {NpyArray.FormatShape(shape)}", ds);
        foreach (var v in values)
            if (!float.IsFinite(v)) throw new KerasWeightsException(path, "weights contain NaN or infinity", ds);
        return NpyArray.FromFloats(values, shape);
    }

    /// <summary>A list of names stored as an attribute, or in Keras's chunks <c>name0</c>, <c>name1</c>, … when one
    /// attribute would exceed HDF5's 64 KiB header limit; null when neither exists.</summary>
    static List<string>? StringList(IH5Object o, string name)
    {
        if (o.AttributeExists(name)) return Strings(o.Attribute(name));
        if (!o.AttributeExists(name + "0")) return null;
        var all = new List<string>();
        for (int k = 0; o.AttributeExists(name + k); k++) all.AddRange(Strings(o.Attribute(name + k)));
        return all;
    }

    static List<string> Strings(IH5Attribute a)
    {
        // an empty weight_names list has no elements whatever its stored type (Keras/h5py may store it as float64)
        if (a.Space.Dimensions.Length == 1 && a.Space.Dimensions[0] == 0) return [];
        if (a.Type.Class != H5DataTypeClass.String)
            throw new InvalidDataException($"attribute '{a.Name}' holds {a.Type.Class}, not strings");
        return a.Read<string[]>().Select(s => s.TrimEnd('\0')).ToList();
    }
}
