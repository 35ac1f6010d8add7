"""A URLconf with a view that fails, for the logging tests."""

from django.urls import path


def boom(request):
    raise ZeroDivisionError("a defect")


urlpatterns = [path("boom/", boom)]
