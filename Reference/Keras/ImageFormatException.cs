namespace KerasVis.Reference.Keras;

/// <summary>Raised when an image file cannot be read or decoded; names the file.</summary>
public sealed class ImageFormatException(string path, string message) : Conformance.InputException($"{path}: {message}")
{
    public string ImagePath { get; } = path;
}
