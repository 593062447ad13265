"""Publishing for BI: releases of the marts, checked against the build record."""
