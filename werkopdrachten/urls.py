from django.urls import path

from werkopdrachten import views

app_name = "werkopdrachten"

urlpatterns = [
    path("", views.catalogus, name="catalogus"),
    path("kwalificaties/<int:pk>/", views.kwalificatie_detail, name="kwalificatie"),
    path("vakvaardigheden/<int:pk>/", views.vakvaardigheid_detail, name="vakvaardigheid"),
]
