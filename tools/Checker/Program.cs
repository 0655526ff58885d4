using KerasVis.Cli;

int code = CliHost.Run(CheckerCli.Build(), args);
if (Environment.GetEnvironmentVariable("KERASVIS_LOADED_ASSEMBLIES") is { Length: > 0 } file)
    LoadedLibraries.Write(file);
return code;
