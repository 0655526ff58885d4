namespace KerasVis.Reference; public static class Placeholder {}
