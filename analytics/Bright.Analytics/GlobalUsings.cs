global using Bright.Core.Events;
