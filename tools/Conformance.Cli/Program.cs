using KerasVis.Cli;

int code = CliHost.Run(Cli.Build(args), args);
// KERASVIS_LOADED_ASSEMBLIES=FILE: write the assemblies and native libraries this run loaded (a test proves that an
// external check never loads TorchSharp or libtorch)
if (Environment.GetEnvironmentVariable("KERASVIS_LOADED_ASSEMBLIES") is { Length: > 0 } file)
    LoadedLibraries.Write(file);
return code;
