namespace KerasVis.Reference.Models;

/// <summary>One row of a model: the layer, what it receives and what it returns (batch axis excluded), and its
/// inbound layer (for the "Connected to" column).</summary>
public sealed record LayerRow(LayerSpec Layer, int[] InputShape, int[] OutputShape, long Params, string? Inbound);
